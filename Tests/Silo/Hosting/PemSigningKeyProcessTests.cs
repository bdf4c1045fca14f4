using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §6 operator-supplied PEM signing keys on real standalone processes: an RSA key from <c>Keys:SigningKeyPemFile</c>
/// and an EC key from Oro's <c>ORO_OAUTH_PRIVATE_KEY_PATH</c> sign the tokens (their <c>kid</c> the key's RFC 7638
/// thumbprint) and the JWKS publishes their public part; a <c>Tokens:Algorithm</c> other than the key's is noticed at
/// start; a file that holds no usable key stops the start with one line naming the setting.
/// </summary>
[Trait("Category", TestCategories.Process)]
public sealed class PemSigningKeyProcessTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-pem-").FullName;
    private readonly TestSeed seed = new();

    [Fact]
    public async Task RsaPemFile_SignsRs256Tokens_ItsKidIsTheThumbprint_AndTheOtherAlgorithmIsNoticed()
    {
        using var rsa = RSA.Create(2048);
        var path = Write("rsa.pem", rsa.ExportRSAPrivateKeyPem());
        var kid = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false))).ComputeJwkThumbprint());

        var (token, jwk, output) = await TokenAndKey("rsa", new() { ["Keys__SigningKeyPemFile"] = path, ["Tokens__Algorithm"] = "ES256" }, kid);

        Assert.Equal("RS256", token.Alg);
        Assert.Equal(Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus), (string)jwk["n"]!);
        Assert.Contains("Tokens:Algorithm is ES256 but the operator's PEM signing key " + kid + " is RS256", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EcPemFromOroVariable_SignsEs256Tokens_ItsKidIsTheThumbprint()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Write("ec.pem", ec.ExportPkcs8PrivateKeyPem());
        var kid = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ec)).ComputeJwkThumbprint());

        var (token, jwk, _) = await TokenAndKey("ec", new() { ["ORO_OAUTH_PRIVATE_KEY_PATH"] = path, ["Tokens__Algorithm"] = "ES256" }, kid);

        Assert.Equal("ES256", token.Alg);
        Assert.Equal(Base64UrlEncoder.Encode(ec.ExportParameters(false).Q.X), (string)jwk["x"]!);
        Assert.Equal("P-256", (string)jwk["crv"]!);
    }

    [Fact]
    public async Task PublicKeyAsPemFile_StopsTheStart_WithOneLineNamingTheSetting()
    {
        using var rsa = RSA.Create(2048);
        var path = Write("public.pem", rsa.ExportSubjectPublicKeyInfoPem());
        await using var process = new WebFrontProcess(Path.Combine(root, "bad"), new Dictionary<string, string?> { ["Keys__SigningKeyPemFile"] = path });
        process.Launch();

        var exitCode = await process.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(process.Output.Split('\n'), l => l.Contains("cannot start", StringComparison.Ordinal));
        Assert.Contains($"Keys:SigningKeyPemFile: '{path}' is not a signing key we use: a public key", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Output, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Starts a standalone front end with <paramref name="settings"/>, logs in, and returns the access token, the JWKS entry for <paramref name="kid"/> and the output.</summary>
    private async Task<(JsonWebToken Token, JsonNode Jwk, string Output)> TokenAndKey(string name, Dictionary<string, string?> settings, string kid)
    {
        settings["Bootstrap__SeedFile"] = seed.WriteTo(root);
        await using var process = new WebFrontProcess(Path.Combine(root, name), settings);
        await process.Start();
        using var http = process.CreateClient();
        var login = await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
        var jwks = JsonNode.Parse(await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)))!["keys"]!.AsArray();
        await process.Stop();

        var token = new JsonWebToken((string)login["access_token"]!);
        Assert.Equal(kid, token.Kid);
        var jwk = Assert.Single(jwks, k => (string)k!["kid"]! == kid)!;
        return (token, jwk, process.Output);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(root, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
