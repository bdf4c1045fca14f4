using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// §3, a failed write changes nothing, for every grain that writes: the next write of the grain fails, the call
/// throws, and the retry meets the state as stored (not the change that was never written).
/// </summary>
[Trait("Category", TestCategories.Cluster)]
[Collection(FailingStorageCollection.Name)]
public sealed class FailedWriteTests(FailingStorageCluster cluster)
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task Client_FailedUpdate_RetryRaisesTheVersionOnce()
    {
        var client = await cluster.NewClient();
        var grain = Grains.GetGrain<IClientGrain>(client.ClientId);

        await FailsOnce("client", () => grain.Update(new ClientChange("renamed", null)));

        Assert.Equal(("Test", 1L), ((await grain.GetRegistration())!.Name, (await grain.GetRegistration())!.Version));
        var retried = await grain.Update(new ClientChange("renamed", null));
        Assert.Equal(("renamed", 2L), (retried.Client!.Name, retried.Client.Version));
    }

    [Fact]
    public async Task User_FailedLockingWrite_RetryLocksOnce_AndRevokesNothing()
    {
        var (user, _) = await cluster.NewUser();
        var grain = Grains.GetGrain<IUserGrain>(user.Id);
        for (var i = 0; i < 4; i++)
        {
            await grain.VerifyPassword("wrong");
        }

        await FailsOnce("user", () => grain.VerifyPassword("wrong"));

        var stored = (await grain.Get())!;
        Assert.Null(stored.LockedUntil);
        Assert.Equal(user.Epoch, stored.Epoch);
        await grain.VerifyPassword("wrong");
        var locked = (await grain.Get())!;
        Assert.NotNull(locked.LockedUntil);
        // The automatic lockout revokes nothing (§4): whoever knows a username must not end its owner's sessions.
        Assert.Equal(user.Epoch, locked.Epoch);
    }

    [Fact]
    public async Task User_FailedCreate_RetryCreates()
    {
        var grain = Grains.GetGrain<IUserGrain>("u-" + Guid.NewGuid().ToString("N"));
        var spec = new UserSpec(ApplicationKind.Backoffice, "x" + Guid.NewGuid().ToString("N")[..8], "x@example.com", "pw-1", [], true);

        await FailsOnce("user", () => grain.Create(spec));

        Assert.Null(await grain.Get());
        Assert.True(await grain.Create(spec));
    }

    [Fact]
    public async Task KeyRing_FailedRotation_RetryRotatesOnce()
    {
        var ring = Grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Default);
        var before = await ring.GetPublicKeys();

        await FailsOnce("key-ring", ring.Rotate);
        var after = await ring.GetPublicKeys();

        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Keys.Select(k => k.Kid), after.Keys.Select(k => k.Kid));
        Assert.Equal(before.Version + 1, (await ring.Rotate()).Version);
    }

    [Fact]
    public async Task LoginName_FailedClaim_RetryClaims()
    {
        var name = Grains.GetGrain<ILoginNameGrain>("name-" + Guid.NewGuid().ToString("N"));

        await FailsOnce("login-name", () => name.Claim("7"));

        Assert.Null(await name.Resolve());
        Assert.True(await name.Claim("7"));
        Assert.Equal("7", await name.Resolve());
    }

    [Fact]
    public async Task ShoppingList_FailedAdd_RetryAddsOnce()
    {
        var list = Grains.GetGrain<IShoppingListGrain>("owner-" + Guid.NewGuid().ToString("N"));
        await list.AddItem(new ShoppingListItem("SKU-1", 2));

        await FailsOnce("shopping-list", () => list.AddItem(new ShoppingListItem("SKU-1", 3)));

        Assert.Equal(2, Assert.Single(await list.GetItems()).Quantity);
        Assert.Equal(5, (await list.AddItem(new ShoppingListItem("SKU-1", 3))).Line!.Quantity);
    }

    [Fact]
    public async Task RefreshFamily_FailedRotation_RetryRotatesInsteadOfRevoking()
    {
        var (client, login) = await cluster.NewSession();

        await FailsOnce("refresh-family", () => cluster.Rotate(client, login.RefreshToken!));

        var rotated = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        Assert.Equal(1, FamilyClient.Decode(rotated.Issued.RefreshToken!).GetPayloadValue<long>("gen"));
        Assert.IsType<TokenRotated>(await cluster.Rotate(client, rotated.Issued.RefreshToken!));
    }

    [Fact]
    public async Task RefreshFamily_RotationStoredButUnanswered_RetryGetsTheStoredPair()
    {
        // What a client sees when the silo dies after the write and before the answer: no answer, then a retry.
        var (client, login) = await cluster.NewSession();

        await FailsOnce("refresh-family", () => cluster.Rotate(client, login.RefreshToken!), WriteFault.StoredButUnanswered);

        var retried = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        var again = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        Assert.Equal(retried.Issued, again.Issued);
        Assert.Equal(1, FamilyClient.Decode(retried.Issued.RefreshToken!).GetPayloadValue<long>("gen"));
        Assert.IsType<TokenRotated>(await cluster.Rotate(client, retried.Issued.RefreshToken!));
    }

    [Fact]
    public async Task RevocationLedger_FailedRecord_RetryRecordsAndTheFactIsLive()
    {
        var key = "fam-" + Guid.NewGuid().ToString("N");
        var ledger = Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(key));
        var fact = new RevocationFact(RevocationKind.Family, key, long.MaxValue, cluster.Time.GetUtcNow().AddHours(1));

        // Planned for this shard: a write of another shard (a deferred one of an earlier test's rotation) must not take it.
        await FailsOnce($"revocation-ledger/{IRevocationLedgerGrain.ShardOf(key)}", () => ledger.Record(fact));

        await ledger.Record(fact);
        Assert.Contains(fact, (await ledger.ReadSince(default)).Facts);
    }

    /// <summary>Plans the next write of <paramref name="grainType"/> to fail and checks the call throws.</summary>
    private static async Task FailsOnce(string grainType, Func<Task> call, WriteFault fault = WriteFault.Lost)
    {
        FailingGrainStorage.FailNextWrite(grainType, fault);
        await Assert.ThrowsAnyAsync<Exception>(call);
        Assert.False(FailingGrainStorage.IsPending(grainType), "the call did not write");
    }
}
