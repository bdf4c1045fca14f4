using System.Text;
using Isopoh.Cryptography.Argon2;
using Npgsql;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Import;

/// <summary>
/// <c>OroOrleans.Silo import customers …</c> against a real cluster on PostgreSQL (one silo, one client-mode front
/// end), run as its own process: Oro's bcrypt and argon2id hashes (made here by the same libraries) log in through
/// the token endpoint, the first login replaces the stored hash by ours, bad lines are reported with their number,
/// and a re-run writes nothing.
/// </summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class ImportCommandTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Import_CreatesCustomersThatLogInWithOroPasswords_ReportsBadLines_AndReRunsWithoutChange()
    {
        await using var cluster = await CommandCluster.Start(output, "import", new Dictionary<string, string?>
        {
            // Room for a loaded machine: a login hashes twice (Oro's hash, then ours) in one grain call.
            ["Orleans__ResponseTimeout"] = "00:00:30",
            // At least three times that timeout, on the front end and the silo alike (a front end refuses to start
            // otherwise).
            ["Tokens__RefreshRetryWindow"] = "00:01:30",
        });
        var (connectionString, serviceId, directory, seed) = (cluster.ConnectionString, cluster.ServiceId, cluster.Directory, cluster.Seed);
        using var http = cluster.CreateClient();

        var tag = Guid.NewGuid().ToString("N")[..8];
        var bcryptEmail = $"bcrypt-{tag}@example.com";
        var argonEmail = $"argon-{tag}@example.com";
        var bcryptPassword = "oro-bcrypt-" + Guid.NewGuid().ToString("N");
        var argonPassword = "oro-argon-" + Guid.NewGuid().ToString("N");
        // Cheap costs keep the test fast; the formats are Oro's (PHP password_hash writes $2y$).
        var bcrypt = BCrypt.Net.BCrypt.HashPassword(bcryptPassword, 4).Replace("$2a$", "$2y$", StringComparison.Ordinal);
        var disabledHash = BCrypt.Net.BCrypt.HashPassword(bcryptPassword, 4);
        var argon = Argon2.Hash(argonPassword, 1, 1024, 1, Argon2Type.HybridAddressing);
        var file = Path.Combine(directory, "customers.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            $$"""{"email":"{{bcryptEmail}}","enabled":true,"password":"{{bcrypt}}"}""",
            $$"""{"email":"{{argonEmail}}","password":"{{argon}}"}""",
            $$"""{"email":"disabled-{{tag}}@example.com","enabled":false,"password":"{{disabledHash}}"}""",
            "",
            "{not json",
            $$"""{"email":"no-at-sign","password":"{{bcrypt}}"}""",
            $$"""{"email":"md5-{{tag}}@example.com","password":"5f4dcc3b5aa765d61d8327deb882cf99"}""",
            $$"""{"email":"{{seed.CustomerEmail}}","password":"{{bcrypt}}"}""",
        ], new UTF8Encoding(false));

        Assert.Equal(2, (await cluster.Run("import", "customers")).ExitCode);
        Assert.Equal(1, (await cluster.Run("import", "customers", Path.Combine(directory, "missing.jsonl"))).ExitCode);

        var first = await cluster.Run("import", "customers", file, "--concurrency", "4");
        Assert.Equal(1, first.ExitCode);
        Assert.Equal(("8", "3", "1", "3", "0"), (first.Value("lines"), first.Value("created"), first.Value("skipped"), first.Value("refused"), first.Value("failed")));
        Assert.Contains("import: line 5: not JSON", first.Output, StringComparison.Ordinal);
        Assert.Contains("import: line 6: email: must look like name@domain", first.Output, StringComparison.Ordinal);
        Assert.Contains("import: line 7: password: unsupported password hash", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 4:", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("line 8:", first.Output, StringComparison.Ordinal);

        Assert.True(await StoredHashesContain(connectionString, serviceId, bcrypt));
        Assert.True(await StoredHashesContain(connectionString, serviceId, argon));
        foreach (var (email, password, hash) in new[] { (bcryptEmail, bcryptPassword, bcrypt), (argonEmail, argonPassword, argon) })
        {
            var login = await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, email, password);
            Assert.NotNull(login["access_token"]);
            // The first successful login dropped Oro's hash for ours; the password still works with it.
            Assert.False(await StoredHashesContain(connectionString, serviceId, hash));
            Assert.NotNull((await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, email, password))["access_token"]);
        }

        using (var wrong = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = seed.StorefrontClientId, ["client_secret"] = seed.StorefrontSecret,
            ["username"] = $"disabled-{tag}@example.com", ["password"] = bcryptPassword,
        }))
        {
            // Imported disabled: the password is right, the account may not log in.
            Assert.False(wrong.IsSuccessStatusCode);
        }

        var before = await Versions(connectionString, serviceId);
        var again = await cluster.Run("import", "customers", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(("0", "4", "3"), (again.Value("created"), again.Value("skipped"), again.Value("refused")));
        Assert.Equal(before, await Versions(connectionString, serviceId));
        Assert.False(await StoredHashesContain(connectionString, serviceId, bcrypt));
        Assert.NotNull((await TokenClient.Login(http, seed.StorefrontClientId, seed.StorefrontSecret, bcryptEmail, bcryptPassword))["access_token"]);
    }

    private static async Task<bool> StoredHashesContain(string connectionString, string serviceId, string hash)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansstorage WHERE serviceid = @s AND position(@h IN payloadbinary) > 0", connection);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("h", Encoding.UTF8.GetBytes(hash));
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Every account's and login name's stored version (the id sequence may lease a range on a re-run: ids, not accounts).</summary>
    private static async Task<string> Versions(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(graintypestring || '/' || graintypehash || '/' || grainidhash || '=' || version, ',' ORDER BY graintypestring, grainidhash, graintypehash) FROM orleansstorage WHERE serviceid = @s AND graintypestring IN ('user', 'login-name')", connection);
        command.Parameters.AddWithValue("s", serviceId);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
