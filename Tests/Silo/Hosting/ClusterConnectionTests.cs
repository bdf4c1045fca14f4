using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using OroOrleans.Silo.Hosting;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>
/// The cluster's connection string gets the pooling defaults (<see cref="ClusterConnection.Defaults"/>) where it is
/// silent, and keeps an operator's own values under any spelling Npgsql reads.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ClusterConnectionTests
{
    private const string Plain = "Host=db.example;Database=oroorleans;Username=oro;Password=secret";

    [Theory]
    [InlineData(Plain)]
    [InlineData(Plain + ";")]
    [InlineData(Plain + "; ")]
    public void Silent_ConnectionString_GetsTheDefaults(string connectionString)
    {
        var read = new NpgsqlConnectionStringBuilder(ClusterConnection.Required(Configuration(connectionString)));

        Assert.True(read.NoResetOnClose);
        Assert.Equal(20, read.MaxAutoPrepare);
        Assert.Equal(1, read.KeepAlive);
        Assert.Equal(25, read.MaxPoolSize);
        Assert.Equal(("db.example", "oroorleans", "oro", "secret"), (read.Host, read.Database, read.Username, read.Password));
    }

    [Theory]
    [InlineData("Host=db.example;Username=oro;Password=\"p;w=d\"", "p;w=d", null)]
    [InlineData("Host=db.example;Username=oro;Password='p;w=d';", "p;w=d", null)]
    [InlineData("Host=db.example;Username=oro;Password=secret;Application Name=\"No Reset On Close=false\"", "secret", "No Reset On Close=false")]
    public void QuotedValues_SurviveTheDefaults(string connectionString, string password, string? applicationName)
    {
        var read = new NpgsqlConnectionStringBuilder(ClusterConnection.Required(Configuration(connectionString)));

        Assert.Equal((password, applicationName), (read.Password, read.ApplicationName));
        Assert.True(read.NoResetOnClose);
        Assert.Equal(20, read.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false;Keepalive=0;Maximum Pool Size=7")]
    [InlineData("MaxAutoPrepare=0;NoResetOnClose=false;KeepAlive=0;MaxPoolSize=7")]
    [InlineData("max auto prepare = 0 ; noresetonclose=False; keepalive = 0; maximum pool size = 7")]
    public void OperatorsOwnValues_Win_InAnySpelling(string settings)
    {
        var value = ClusterConnection.Required(Configuration(Plain + ";" + settings));
        var read = new NpgsqlConnectionStringBuilder(value);

        Assert.False(read.NoResetOnClose);
        Assert.Equal(0, read.MaxAutoPrepare);
        Assert.Equal(0, read.KeepAlive);
        Assert.Equal(7, read.MaxPoolSize);
        Assert.DoesNotContain("=20", value, StringComparison.Ordinal);
        Assert.DoesNotContain("=25", value, StringComparison.Ordinal);
        Assert.DoesNotContain("=true", value, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("=1", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_ConnectionString_StillFails_NamingTheKey_WithoutEchoingIt()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ClusterConnection.Required(Configuration("Host=db;Password=hunter2;Frobnicate=1")));

        Assert.StartsWith("ConnectionStrings:Orleans: not a PostgreSQL connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orleans"] = connectionString }).Build();
}
