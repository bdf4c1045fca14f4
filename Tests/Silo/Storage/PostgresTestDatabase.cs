using OroOrleans.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>OROORLEANS_TEST_PG</c>
/// (<c>export OROORLEANS_TEST_PG=$(scripts/pg-start.sh | tail -n 1)</c>), with our schema applied once.
/// </summary>
internal static class PostgresTestDatabase
{
    public const string Variable = "OROORLEANS_TEST_PG";

    private static readonly Lazy<Task> Schema = new(() =>
        PostgresSchema.ApplyAsync(Environment.GetEnvironmentVariable(Variable)!));

    /// <summary>
    /// Returns the connection string with the schema applied. Without one: in CI (<c>CI</c> set) the test
    /// fails, since a PostgreSQL test that did not run must not pass there; on a developer machine it is
    /// reported skipped (the test must be a <c>[SkippableFact]</c>), never passed.
    /// </summary>
    public static async Task<string> ConnectionStringAsync(ITestOutputHelper output)
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            const string Message =
                $"{Variable} is not set, so no PostgreSQL server is known. Start one with " +
                $"`export {Variable}=$(scripts/pg-start.sh | tail -n 1)` and stop it with scripts/pg-stop.sh <dir>.";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(Message + " CI is set: PostgreSQL tests must run there.");
            }

            output.WriteLine(Message);
            throw new SkipException(Message + " CI is not set, so the test is reported skipped.");
        }

        await Schema.Value;
        return connectionString;
    }
}
