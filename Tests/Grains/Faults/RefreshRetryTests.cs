using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// §3, a retried refresh is not reuse: the same refresh token presented again by the same client within
/// <c>Tokens:RefreshRetryWindow</c> (30 s), while the newer refresh token is unused, gets the same pair.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
[Collection(FailingStorageCollection.Name)]
public sealed class RefreshRetryTests(FailingStorageCluster cluster)
{
    private IGrainFactory Grains => cluster.Grains;

    [Fact]
    public async Task Retry_WithinTheWindow_ReturnsTheSamePair()
    {
        var (client, login) = await cluster.NewSession();
        var first = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));

        cluster.Time.Advance(TimeSpan.FromSeconds(29));
        var retried = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));

        Assert.Equal(first.Issued, retried.Issued);
        Assert.Equal(first.Revocations, retried.Revocations);
        Assert.IsType<TokenRotated>(await cluster.Rotate(client, retried.Issued.RefreshToken!));
    }

    [Fact]
    public async Task Retry_AfterTheWindow_IsReuse()
    {
        var (client, login) = await cluster.NewSession();
        var first = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));

        cluster.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(DenialReason.RefreshTokenRevoked, Assert.IsType<RefreshDenied>(await cluster.Rotate(client, login.RefreshToken!)).Reason);
        Assert.IsType<TokenDenied>(await cluster.Rotate(client, first.Issued.RefreshToken!));
    }

    [Fact]
    public async Task Retry_AfterTheNewerTokenWasUsed_IsReuse()
    {
        var (client, login) = await cluster.NewSession();
        var first = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));
        var second = Assert.IsType<TokenRotated>(await cluster.Rotate(client, first.Issued.RefreshToken!));

        Assert.IsType<RefreshDenied>(await cluster.Rotate(client, login.RefreshToken!));
        Assert.IsType<TokenDenied>(await cluster.Rotate(client, second.Issued.RefreshToken!));
    }

    [Fact]
    public async Task Retry_RacingTheNextRotation_EitherGetsThePairOrRevokesTheFamily()
    {
        for (var round = 0; round < 10; round++)
        {
            var (client, login) = await cluster.NewSession();
            var first = Assert.IsType<TokenRotated>(await cluster.Rotate(client, login.RefreshToken!));

            var retry = cluster.Rotate(client, login.RefreshToken!);
            var next = cluster.Rotate(client, first.Issued.RefreshToken!);
            var (retried, rotated) = (await retry, await next);

            if (retried is TokenRotated same)
            {
                // The retry came first: it got the pair, whose refresh token then rotated normally.
                Assert.Equal(first.Issued, same.Issued);
                var newest = Assert.IsType<TokenRotated>(rotated);
                Assert.IsType<TokenRotated>(await cluster.Rotate(client, newest.Issued.RefreshToken!));
            }
            else
            {
                // The newer token was used first: the old one presented again is reuse, and the family is gone.
                Assert.IsType<RefreshDenied>(retried);
                var newest = Assert.IsType<TokenRotated>(rotated);
                Assert.IsType<TokenDenied>(await cluster.Rotate(client, newest.Issued.RefreshToken!));
            }
        }
    }
}
