using System.Diagnostics;
using OroOrleans.Grains.Expiry;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Tests.Silo.Storage;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Expiry;

/// <summary>
/// §2.7 "anonymous data expires", on each storage: a visitor's list lives <c>Storefront:VisitorListLifetime</c>
/// after its last change, a family's state until its last refresh token has expired (<c>Tokens:RefreshTokenLifetime</c>
/// after its last write); the periodic sweep deletes their rows in the storage's own table, customers' lists stay,
/// and a grain whose state has expired answers as if the sweep had already run. Lifetimes are minutes here, not the
/// default days: Orleans' own timers read the fake clock too, so every simulated day costs real seconds.
/// </summary>
public abstract class ExpirySweepTests(ITestOutputHelper output)
{
    protected ITestOutputHelper Output { get; } = output;

    protected abstract Task<ExpiryCluster> Start(IReadOnlyDictionary<string, string>? settings = null);

    [SkippableFact]
    public async Task Sweep_DeletesExpiredVisitorListsAndFamilies_KeepsTheRest_AndGrainsAgree()
    {
        await using var cluster = await Start(new Dictionary<string, string>
        {
            ["Storefront:VisitorListLifetime"] = "00:30:00",
            ["Tokens:RefreshTokenLifetime"] = "00:20:00",
            ["Tokens:AccessTokenLifetime"] = "00:10:00",
            ["Expiry:Margin"] = "00:01:00",
            ["Expiry:SweepInterval"] = "00:01:00",
            ["Storefront:MaxListItems"] = "3",
        });
        var grains = cluster.Grains;

        // t0: two visitors store lines, a customer stores one, a guest refreshes once (the family's first write).
        var (stale, fresh) = (ShoppingListOwners.Visitor(Hex()), ShoppingListOwners.Visitor(Hex()));
        await grains.GetGrain<IShoppingListGrain>(stale).AddItem(new("SKU-A", 1));
        await grains.GetGrain<IShoppingListGrain>(stale).AddItem(new("SKU-B", 2));
        await grains.GetGrain<IShoppingListGrain>(fresh).AddItem(new("SKU-A", 1));
        var customer = ShoppingListOwners.Customer("4242");
        await grains.GetGrain<IShoppingListGrain>(customer).AddItem(new("SKU-C", 3));
        await GuestRefresh(grains);

        // Storefront:MaxListItems caps every list; a SKU already on it still adds to its line.
        var full = grains.GetGrain<IShoppingListGrain>(ShoppingListOwners.Customer("4243"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AddItemStatus.Added, (await full.AddItem(new($"SKU-{i}", 1))).Status);
        }

        Assert.Equal(new AddItemResult(AddItemStatus.ListFull, null, 3), await full.AddItem(new("SKU-3", 1)));
        Assert.Equal(new ShoppingListItem("SKU-0", 2), (await full.AddItem(new("SKU-0", 1))).Line);
        await AssertRows(cluster, visitors: 2, customers: 2, families: 1, "after the writes at t0");

        // t0 + 20 min: the second visitor changes its list, which starts its 30 minutes again.
        cluster.Clock.Advance(TimeSpan.FromMinutes(20));
        await grains.GetGrain<IShoppingListGrain>(fresh).AddItem(new("SKU-D", 1));
        await cluster.DateRow(ExpirySweepGrain.ShoppingListState, fresh, cluster.Clock.GetUtcNow());
        Assert.Equal(new ExpirySweepResult(0, 0, false), await grains.GetGrain<IExpirySweepGrain>(0).Sweep(force: true));
        await AssertRows(cluster, visitors: 2, customers: 2, families: 1, "after a sweep at t0 + 20 min");

        // t0 + 40 min (the database stamped the first writes a few real seconds after t0): the first visitor's list and
        // the family are past their lifetime. The grain says so at once, whether or not its row is still there; the
        // silo's timer runs the sweep, which deletes exactly those rows.
        cluster.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Empty(await grains.GetGrain<IShoppingListGrain>(stale).GetItems());
        Assert.Equal(0, await grains.GetGrain<IShoppingListGrain>(stale).MoveTo(ShoppingListOwners.Customer("4244")));
        var watch = Stopwatch.StartNew();
        while ((await cluster.CountRows(ExpirySweepGrain.ShoppingListState, ShoppingListOwners.VisitorPrefix) != 1
                || await cluster.CountRows(ExpirySweepGrain.RefreshFamilyState, "") != 0) && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        Output.WriteLine($"the timer's sweep deleted the expired rows {watch.ElapsedMilliseconds} ms after the clock passed their lifetime");
        await AssertRows(cluster, visitors: 1, customers: 2, families: 0, "after the timer's sweep at t0 + 40 min");
        Assert.Equal(new ExpirySweepResult(0, 0, false), await grains.GetGrain<IExpirySweepGrain>(0).Sweep(force: true));

        // What is left answers as before; the swept visitor starts a new list under its old id.
        Assert.Equal(["SKU-A", "SKU-D"], (await grains.GetGrain<IShoppingListGrain>(fresh).GetItems()).Select(i => i.Sku));
        Assert.Equal(["SKU-C"], (await grains.GetGrain<IShoppingListGrain>(customer).GetItems()).Select(i => i.Sku));
        Assert.Equal(AddItemStatus.Added, (await grains.GetGrain<IShoppingListGrain>(stale).AddItem(new("SKU-E", 1))).Status);
        Assert.Equal(["SKU-E"], (await grains.GetGrain<IShoppingListGrain>(stale).GetItems()).Select(i => i.Sku));
        await AssertRows(cluster, visitors: 2, customers: 2, families: 0, "after the swept visitor stored again");
    }

    private async Task AssertRows(ExpiryCluster cluster, long visitors, long customers, long families, string when)
    {
        var counted = (
            Visitors: await cluster.CountRows(ExpirySweepGrain.ShoppingListState, ShoppingListOwners.VisitorPrefix),
            Customers: await cluster.CountRows(ExpirySweepGrain.ShoppingListState, "customer:"),
            Families: await cluster.CountRows(ExpirySweepGrain.RefreshFamilyState, ""));
        Output.WriteLine($"rows {when}: {counted.Visitors} visitor lists, {counted.Customers} customer lists, {counted.Families} families");
        Assert.Equal((visitors, customers, families), counted);
    }

    /// <summary>A guest login and one refresh: the family's first write.</summary>
    private static async Task GuestRefresh(IGrainFactory grains)
    {
        var client = new ClientCredentials(("ex" + Guid.NewGuid().ToString("N"))[..32], "secret-" + Guid.NewGuid().ToString("N"));
        Assert.True(await grains.GetGrain<IClientGrain>(client.ClientId).RegisterIfAbsent(new ClientSpec("Expiry", client.ClientSecret, ["password"], true, null, true)));
        var guest = Assert.IsType<TokenIssued>(await grains.GetGrain<ITokenIssuerGrain>(0).IssuePassword(new PasswordGrantRequest(client, "guest", "guest", null, null)));
        var family = FamilyClient.Decode(guest.RefreshToken!).GetPayloadValue<string>("fid");
        Assert.IsType<TokenRotated>(await grains.GetGrain<IRefreshFamilyGrain>(family).Rotate(new RefreshGrantRequest(client, guest.RefreshToken!)));
    }

    private static string Hex() => Guid.NewGuid().ToString("N");
}

[Trait("Category", TestCategories.Cluster)]
public sealed class SqliteExpirySweepTests(ITestOutputHelper output) : ExpirySweepTests(output)
{
    protected override Task<ExpiryCluster> Start(IReadOnlyDictionary<string, string>? settings = null) => ExpiryCluster.Start(null, settings);
}

[Trait("Category", TestCategories.Postgres)]
public sealed class PostgresExpirySweepTests(ITestOutputHelper output) : ExpirySweepTests(output)
{
    protected override async Task<ExpiryCluster> Start(IReadOnlyDictionary<string, string>? settings = null) =>
        await ExpiryCluster.Start(await PostgresTestDatabase.ConnectionStringAsync(Output), settings);
}
