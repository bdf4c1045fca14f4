using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

// The ceiling for guest tokens: how many RS256 access tokens JsonWebTokenHandler writes per second on this
// machine, with claims like ours, on N threads (default 2) for D seconds (default 10), with algorithm A (RS256,
// the default, or ES256). No HTTP, no Orleans. It also prints tokens per CPU-second, which a loaded machine
// disturbs less than tokens per wall-clock second.
var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var algorithm = args.Length > 2 ? args[2] : "RS256";

using var rsa = RSA.Create(2048);
using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var credentials = algorithm == "ES256"
    ? new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = "bench" }, SecurityAlgorithms.EcdsaSha256)
    : new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "bench" }, SecurityAlgorithms.RsaSha256);
var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };

string Create()
{
    var now = DateTime.UtcNow;
    var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    return handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "http://localhost:5080",
        Audience = "storefront0000000000000000000001",
        IssuedAt = now,
        NotBefore = now,
        Expires = now.AddHours(1),
        TokenType = "at+jwt",
        Claims = new Dictionary<string, object>
        {
            ["sub"] = "visitor:" + id,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["client_id"] = "storefront0000000000000000000001",
            ["scope"] = "",
            ["app"] = "storefront",
            ["cver"] = 1L,
            ["fid"] = id,
            ["gen"] = 0L,
        },
        SigningCredentials = credentials,
    });
}

// Warm up (JIT, key import caches).
for (var i = 0; i < 200; i++)
{
    Create();
}

long total = 0;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var stop = Stopwatch.StartNew();
var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
{
    long mine = 0;
    while (stop.Elapsed.TotalSeconds < seconds)
    {
        Create();
        mine++;
    }

    Interlocked.Add(ref total, mine);
}, TaskCreationOptions.LongRunning)).ToArray();
Task.WaitAll(workers);
var elapsed = stop.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{algorithm} JsonWebTokenHandler.CreateToken: {total / elapsed:F0} tokens/s on {threads} threads ({total} in {elapsed:F1} s), {total / cpu:F0} tokens per CPU-second"));
