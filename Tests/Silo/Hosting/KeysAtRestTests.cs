using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// §6 keys at rest, on real processes: a standalone data directory 0700 with files 0600, a key-encryption key
/// generated on first start, a ring stored in the clear sealed on the next start with nothing lost, a ring that does
/// not open with the configured key stopping the start, and a cluster silo that refuses to start without a
/// key-encryption key.
/// </summary>
[Trait("Category", TestCategories.Process)]
[UnsupportedOSPlatform("windows")]
public sealed class KeysAtRestTests : IAsyncLifetime
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string root = Directory.CreateTempSubdirectory("oroorleans-keys-").FullName;
    private readonly TestSeed seed = new();

    [Fact]
    public async Task Standalone_RingStoredInTheClear_IsSealedUnderAGeneratedKeyOnTheNextStart_AndNothingIsLost()
    {
        var data = Path.Combine(root, "data");
        var settings = new Dictionary<string, string?> { ["Bootstrap__SeedFile"] = seed.WriteTo(root), ["Tokens__Issuer"] = "http://oroorleans.test" };
        string token;
        string jwks;
        await using (var plaintext = new WebFrontProcess(data, new Dictionary<string, string?>(settings) { ["Keys__AllowPlaintext"] = "true" }))
        {
            await plaintext.Start();
            using var http = plaintext.CreateClient();
            token = (string)(await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword))["access_token"]!;
            jwks = await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative));
            await plaintext.Stop();
            Assert.Contains("stored in the clear", plaintext.Output, StringComparison.Ordinal);
        }

        var clear = ReadStoredRing(data);
        Assert.Null(clear.Protection);
        using (var rsa = RSA.Create())
        {
            rsa.ImportPkcs8PrivateKey(FirstPrivateKey(clear), out _);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.All(Directory.GetFiles(data), f => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(f)));
        Assert.False(File.Exists(Path.Combine(data, "key-encryption.key")));

        await using (var sealedStart = new WebFrontProcess(data, settings))
        {
            await sealedStart.Start();
            using var http = sealedStart.CreateClient();
            Assert.Equal(jwks, await http.GetStringAsync(new Uri("/.well-known/jwks.json", UriKind.Relative)));
            using var api = await http.SendAsync(TokenClient.Bearer(HttpMethod.Get, "/api/users", token));
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
            await TokenClient.Login(http, seed.BackofficeClientId, seed.BackofficeSecret, seed.AdminUsername, seed.AdminPassword);
            await sealedStart.Stop();
            Assert.Contains("Sealed the key ring", sealedStart.Output, StringComparison.Ordinal);
        }

        var keyFile = Path.Combine(data, "key-encryption.key");
        var sealedRing = ReadStoredRing(data);
        Assert.Equal("A256GCM", sealedRing.Protection);
        Assert.ThrowsAny<CryptographicException>(() => RSA.Create().ImportPkcs8PrivateKey(FirstPrivateKey(sealedRing), out _));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
        Assert.All(Directory.GetFiles(data), f => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task Standalone_RingSealedUnderAnotherKey_RefusesToStartNamingTheKey()
    {
        var data = Path.Combine(root, "other-key");
        var settings = new Dictionary<string, string?> { ["Bootstrap__SeedFile"] = seed.WriteTo(root) };
        await using (var first = new WebFrontProcess(data, settings))
        {
            await first.Start();
            await first.Stop();
        }

        // The ring is sealed under the generated key file; this start brings another key.
        await using var wrongKey = new WebFrontProcess(data, new Dictionary<string, string?>(settings)
        {
            ["Keys__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        wrongKey.Launch();

        var exitCode = await wrongKey.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 1, $"exit code {exitCode}:\n{wrongKey.Output}");
        Assert.Contains("cannot start: Keys:EncryptionKey: The stored key", wrongKey.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", wrongKey.Output, StringComparison.Ordinal);
        // The one line and nothing else about it: Orleans' loggers reported the failed stage and the silo's failed start,
        // each with its stack trace, before the exception reached the program (18 lines before the one that says it).
        Assert.DoesNotContain("   at ", wrongKey.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail: ", wrongKey.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterSilo_WithoutKeyEncryptionKey_RefusesToStartNamingTheKey()
    {
        await using var silo = new SiloProcess("no-kek", new Dictionary<string, string?>
        {
            // Never reached: the key check stops the start first.
            ["ConnectionStrings__Orleans"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Keys__EncryptionKey"] = "",
        });
        silo.Launch();

        var exitCode = await silo.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot start: Keys:EncryptionKey: a cluster silo needs a key-encryption key", silo.Output, StringComparison.Ordinal);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    private static readonly ServiceProvider Serialization = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(KeyRingState).Assembly).AddAssembly(typeof(SigningKey).Assembly))
        .BuildServiceProvider();

    /// <summary>The key ring as stored, straight from the database file, read with the storage's own serializer.</summary>
    private static KeyRingState ReadStoredRing(string data)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "oroorleans.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = 'key-ring'";
        var payload = (byte[])command.ExecuteScalar()!;
        return new GrainStateSerializer(Serialization.GetRequiredService<Serializer>()).Deserialize<KeyRingState>(new BinaryData(payload));
    }

    private static byte[] FirstPrivateKey(KeyRingState ring) => ring.SigningKeys[0].PrivateKeyPkcs8;
}
