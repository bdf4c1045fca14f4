using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains;

/// <summary>
/// Orleans' ADO.NET storage reads a key that looks like a number or a GUID as that value, so other spellings of it
/// (<c>0002</c> for <c>2</c>, upper case for a lower-case hexadecimal client id) share its row from another activation
/// whose copy never learns of the first one's writes: a user disabled under one spelling stayed enabled under the other.
/// </summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class StorageKeyAliasTests(GrainClusterFixture fixture)
{
    [Theory]
    [InlineData("2", true)]
    [InlineData("1000000001", true)]
    [InlineData("0002", false)]
    [InlineData("02", false)]
    [InlineData("fedcba9876543210fedcba9876543210", true)]
    [InlineData("FEDCBA9876543210fedcba9876543210", false)]
    [InlineData("backoffice0000000000000000000001", true)]
    [InlineData("bo:JOHN", true)]
    [InlineData("bo:00AB", true)]
    public void OnlyTheSpellingStorageGivesARow_IsAKey(string key, bool canonical) =>
        Assert.Equal(canonical, StorageKeys.IsCanonical(key));

    [Theory]
    [InlineData("2", true)]
    [InlineData("0002", false)]
    [InlineData("0", false)]
    [InlineData("123456789012345678901", false)]
    public void UserIds_HaveNoLeadingZero(string id, bool wellFormed) => Assert.Equal(wellFormed, UserIdentifier.IsWellFormed(id));

    [Theory]
    [InlineData("fedcba9876543210fedcba9876543210", true)]
    [InlineData("FEDCBA9876543210FEDCBA9876543210", false)]
    [InlineData("FEDCBA9876543210FEDCBA987654321G", true)]
    public void HexadecimalClientIds_AreLowerCase(string id, bool wellFormed) => Assert.Equal(wellFormed, ClientIdentifier.IsWellFormed(id));

    [Fact]
    public async Task AnotherSpellingOfAUserId_ActivatesNothing()
    {
        var created = await fixture.Grains.GetGrain<IAccountsGrain>("backoffice").CreateUser(
            new UserSpec(ApplicationKind.Backoffice, "alias" + Guid.NewGuid().ToString("N")[..8], $"alias-{Guid.NewGuid():N}@example.com", "password-1", [], true));
        var id = created.User!.Id;

        // The same row under "000<id>": without the refusal, a copy that a change under "<id>" never reaches.
        var alias = fixture.Grains.GetGrain<IUserGrain>("000" + id);
        var refused = await Assert.ThrowsAnyAsync<Exception>(alias.Get);
        Assert.Contains("another spelling", refused.Message, StringComparison.Ordinal);
        Assert.Equal(id, (await fixture.Grains.GetGrain<IUserGrain>(id).Get())!.Id);
    }

    [Fact]
    public async Task AnUpperCaseSpellingOfAHexadecimalClientId_ActivatesNothing()
    {
        var id = Guid.NewGuid().ToString("N");
        Assert.True(await fixture.Grains.GetGrain<IClientGrain>(id).RegisterIfAbsent(new ClientSpec("hex", "secret-hex-0123456789", ["password"], false, null, true)));

        var refused = await Assert.ThrowsAnyAsync<Exception>(fixture.Grains.GetGrain<IClientGrain>(id.ToUpperInvariant()).GetRegistration);
        Assert.Contains("another spelling", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await fixture.Grains.GetGrain<IClientGrain>(id).GetRegistration());
    }
}
