namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// The lanes of the suite (<c>[Trait("Category", …)]</c>): <c>scripts/test.sh --fast</c> runs Unit and Cluster,
/// the whole suite runs all four.
/// </summary>
public static class TestCategories
{
    /// <summary>No cluster, no process, no database: milliseconds.</summary>
    public const string Unit = "Unit";

    /// <summary>An in-process Orleans <c>TestCluster</c> (embedded storage): seconds.</summary>
    public const string Cluster = "Cluster";

    /// <summary>Real WebFront or Silo processes over real HTTP.</summary>
    public const string Process = "Process";

    /// <summary>Needs the PostgreSQL server named by <c>OROORLEANS_TEST_PG</c>.</summary>
    public const string Postgres = "Postgres";
}
