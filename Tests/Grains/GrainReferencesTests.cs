using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains;

/// <summary>
/// <see cref="GrainReferences"/> gives, for every grain interface of the project, the very reference Orleans' own
/// <c>GetGrain</c> gives: the same grain id (type and key) and the same interface type, for any key; and a call
/// through it reaches the grain.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(GrainClusterCollection.Name)]
public sealed class GrainReferencesTests(GrainClusterFixture fixture)
{
    private static readonly string[] StringKeys = ["a", "user:42", "storefront-email:Ünïcødé@example.com", "0", "with/slash and space", new string('x', 300)];
    private static readonly long[] IntegerKeys = [0, 1, 15, -1, long.MaxValue, long.MinValue];

    [Fact]
    public void EveryGrainInterface_GetsTheReferenceOrleansWouldMake()
    {
        var grains = fixture.Grains;
        var compared = 0;
        foreach (var key in StringKeys)
        {
            compared += Same(grains.GetGrain<IClientGrain>(key), grains.Get<IClientGrain>(key));
            compared += Same(grains.GetGrain<IClientDirectoryGrain>(key), grains.Get<IClientDirectoryGrain>(key));
            compared += Same(grains.GetGrain<IRefreshFamilyGrain>(key), grains.Get<IRefreshFamilyGrain>(key));
            compared += Same(grains.GetGrain<IShoppingListGrain>(key), grains.Get<IShoppingListGrain>(key));
            compared += Same(grains.GetGrain<ILoginNameGrain>(key), grains.Get<ILoginNameGrain>(key));
            compared += Same(grains.GetGrain<IUserGrain>(key), grains.Get<IUserGrain>(key));
            compared += Same(grains.GetGrain<IAccountsGrain>(key), grains.Get<IAccountsGrain>(key));
            compared += Same(grains.GetGrain<IUserDirectoryGrain>(key), grains.Get<IUserDirectoryGrain>(key));
            compared += Same(grains.GetGrain<IKeyRingGrain>(key), grains.Get<IKeyRingGrain>(key));
        }

        foreach (var key in IntegerKeys)
        {
            compared += Same(grains.GetGrain<ITokenIssuerGrain>(key), grains.Get<ITokenIssuerGrain>(key));
            compared += Same(grains.GetGrain<ITokenInspectorGrain>(key), grains.Get<ITokenInspectorGrain>(key));
            compared += Same(grains.GetGrain<IRevocationLedgerGrain>(key), grains.Get<IRevocationLedgerGrain>(key));
            compared += Same(grains.GetGrain<IExpirySweepGrain>(key), grains.Get<IExpirySweepGrain>(key));
        }

        Console.WriteLine($"{compared} references compared, all the same as GetGrain's");
    }

    [Fact]
    public async Task ACallThroughTheReference_ReachesTheGrain()
    {
        var id = "unknown" + Guid.NewGuid().ToString("N");
        // An unknown client has no registration, whichever reference asks; both reach the same activation.
        Assert.Null(await fixture.Grains.Get<IClientGrain>(id).GetRegistration());
        Assert.Null(await fixture.Grains.GetGrain<IClientGrain>(id).GetRegistration());
    }

    private static int Same(IAddressable orleans, IAddressable ours)
    {
        var (expected, actual) = ((GrainReference)orleans, (GrainReference)ours);
        Assert.Equal(expected.GrainId, actual.GrainId);
        Assert.Equal(expected.InterfaceType, actual.InterfaceType);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal(orleans, ours);
        return 1;
    }
}
