#!/bin/sh
# Makes the certificates of a cluster's mutual TLS (§9.2, Orleans:Tls:*) with openssl, at run time: nothing
# secret is committed. A throwaway CA and one certificate per node name, each allowed for both TLS server and
# client authentication (a silo accepts and opens connections), EC P-256, for 127.0.0.1, localhost and the name.
#
#   scripts/make-certs.sh DIR [NAME ...]      (default NAME: node)
#
# Writes DIR/ca.pem (the CA certificate: Orleans:Tls:CaFile), DIR/ca.key (the CA's key: keep it away from the
# nodes), and DIR/NAME.pem and DIR/NAME.key (Orleans:Tls:CertificateFile and Orleans:Tls:KeyFile). Keys are
# mode 600. Files that exist are kept, so a second run adds names under the same CA. POSIX sh, for containers.
set -eu

dir=${1:?usage: make-certs.sh DIR [NAME ...]}
shift
[ $# -gt 0 ] || set -- node
command -v openssl >/dev/null 2>&1 || { echo "make-certs: openssl is not installed (apt-get install -y openssl)" >&2; exit 1; }
mkdir -p "$dir"
umask 077

if [ ! -s "$dir/ca.pem" ] || [ ! -s "$dir/ca.key" ]; then
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 825 \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" \
        -subj "/CN=OroOrleans cluster CA $(date -u +%Y%m%dT%H%M%SZ)" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    chmod 644 "$dir/ca.pem"
fi

for name in "$@"; do
    case "$name" in *[!A-Za-z0-9._-]*|'') echo "make-certs: '$name' is not a plain node name" >&2; exit 1 ;; esac
    [ -s "$dir/$name.pem" ] && [ -s "$dir/$name.key" ] && continue
    extensions="$dir/.$name.ext"
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyAgreement" \
        "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:$name" > "$extensions"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 \
        -keyout "$dir/$name.key" -out "$dir/.$name.csr" -subj "/CN=$name" 2>/dev/null
    openssl x509 -req -sha256 -days 397 -in "$dir/.$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -extfile "$extensions" -out "$dir/$name.pem" 2>/dev/null
    rm -f "$dir/.$name.csr" "$extensions"
    chmod 644 "$dir/$name.pem"
done
echo "$dir"
