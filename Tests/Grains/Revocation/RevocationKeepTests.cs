using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Tests.Grains.Revocation;

/// <summary>
/// §4: what disabling an account, deactivating a client or revoking a signing key revokes stays revoked. A token
/// made just before the revocation lives an access-token lifetime and is accepted a clock skew past its exp, so
/// the fact that refuses it must be kept at least that long; one kept only the lifetime let the token through
/// again in its last 30 s.
/// </summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class RevocationKeepTests(GrainClusterFixture fixture)
{
    private TimeSpan Lifetime => fixture.SiloServices.GetRequiredService<IOptions<TokenOptions>>().Value.AccessTokenLifetime;

    [Fact]
    public void KeepMargin_CoversTheClockSkew_AndASiloStillSigningWithARevokedKey() =>
        Assert.True(RevocationFacts.KeepMargin >= AccessTokenRules.ClockSkew + KeyRingCache.RefreshInterval);

    [Fact]
    public async Task DisabledAccount_ItsFactOutlivesTheLastTokenItCovers()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>("u-" + Guid.NewGuid().ToString("N"));
        Assert.True(await user.Create(new UserSpec(ApplicationKind.Backoffice, "k" + Guid.NewGuid().ToString("N")[..8], "k@example.com", "pw-1", [], true)));
        var lastTokenIssued = fixture.Time.GetUtcNow();

        var result = await user.Update(new UserChange(ApplicationKind.Backoffice, null, null, null, false, null, null));

        AssertOutlives(result.Revocation, lastTokenIssued);
    }

    [Fact]
    public async Task DeactivatedClient_ItsFactOutlivesTheLastTokenItCovers()
    {
        var client = fixture.Grains.GetGrain<IClientGrain>(Guid.NewGuid().ToString("N"));
        Assert.True(await client.RegisterIfAbsent(new ClientSpec("keep", "secret-keep-0123456789", ["password"], true, null, true)));
        var lastTokenIssued = fixture.Time.GetUtcNow();

        var result = await client.Update(new ClientChange(null, false));

        AssertOutlives(result.Revocation, lastTokenIssued);
    }

    [Fact]
    public async Task RevokedSigningKey_ItsFactOutlivesTheLastTokenItCovers()
    {
        var ring = fixture.Grains.GetGrain<IKeyRingGrain>("test-" + Guid.NewGuid().ToString("N"));
        var kid = (await ring.GetPublicKeys()).Keys.Single().Kid;
        // Other silos sign with the key until their cache refreshes.
        var lastTokenIssued = fixture.Time.GetUtcNow() + KeyRingCache.RefreshInterval;

        Assert.NotNull(await ring.Revoke(kid));

        var facts = await fixture.Grains.GetGrain<IRevocationLedgerGrain>(IRevocationLedgerGrain.ShardOf(kid)).ReadSince(default);
        AssertOutlives(facts.Facts.Single(f => f.Kind == RevocationKind.SigningKey && f.Key == kid), lastTokenIssued);
    }

    private void AssertOutlives(RevocationFact? fact, DateTimeOffset lastTokenIssued)
    {
        Assert.NotNull(fact);
        var acceptedUntil = lastTokenIssued + Lifetime + AccessTokenRules.ClockSkew;
        Assert.True(fact.KeepUntil >= acceptedUntil,
            $"{fact.Kind} fact kept until {fact.KeepUntil:O}; its last token is accepted until {acceptedUntil:O}");
    }
}
