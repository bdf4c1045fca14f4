using System.Net;
using static OroOrleans.Tests.Infrastructure.FamilyClient;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>Reuse detection over real HTTP (§3): a consumed refresh token presented again revokes its family.</summary>
[Collection(FamiliesCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class RefreshReuseTests(WebFrontFixture fixture)
{
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.CreateClient();

    [Fact]
    public async Task Refresh_ConsumedTokenAfterTheNewerOneWasUsed_RevokesTheWholeFamily()
    {
        var login = await LoginJohn(http, seed);
        var rotated = await Rotate(http, seed, login.RefreshToken);
        var newer = await Rotate(http, seed, rotated.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, newer.AccessToken));

        using var reuse = await Refresh(http, seed, login.RefreshToken);

        await TokenClient.AssertError(reuse, 400, "invalid_grant", "Token has been revoked", "The refresh token is invalid.");
        using var newest = await Refresh(http, seed, newer.RefreshToken);
        await TokenClient.AssertError(newest, 400, "invalid_grant", "Token has been revoked", "The refresh token is invalid.");
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, newer.AccessToken));
    }

    [Fact]
    public async Task Refresh_ConsumedTokenPresentedAgainAtOnce_IsARetry_AndGetsTheSamePair()
    {
        var login = await LoginJohn(http, seed);
        var rotated = await Rotate(http, seed, login.RefreshToken);

        var retried = await Rotate(http, seed, login.RefreshToken);

        Assert.Equal((rotated.AccessToken, rotated.RefreshToken), (retried.AccessToken, retried.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, retried.AccessToken));
        await Rotate(http, seed, retried.RefreshToken);
    }

    [Fact]
    public async Task Refresh_ReuseOfAnOlderGeneration_RevokesTheFamily()
    {
        var gen0 = await LoginJohn(http, seed);
        var gen1 = await Rotate(http, seed, gen0.RefreshToken);
        var gen2 = await Rotate(http, seed, gen1.RefreshToken);

        // gen1 would be a retry of the last rotation (§3); gen0 is older than that.
        using var reuse = await Refresh(http, seed, gen0.RefreshToken);

        await TokenClient.AssertError(reuse, 400, "invalid_grant", "Token has been revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, gen2.AccessToken));
        using var newest = await Refresh(http, seed, gen2.RefreshToken);
        await TokenClient.AssertError(newest, 400, "invalid_grant", "Token has been revoked");
    }

    [Fact]
    public async Task Refresh_32ConcurrentWithOneToken_OneRotation_EveryAnswerCarriesTheSamePair()
    {
        var login = await LoginJohn(http, seed);
        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, 32).Select(async _ =>
        {
            await start.WaitAsync();
            using var response = await Refresh(http, seed, login.RefreshToken);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        start.Release(racers.Length);
        var results = await Task.WhenAll(racers);

        // §3: exactly one rotation happens; the others are retries of it and carry the same new pair.
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var pairs = new List<TokenPair>();
        foreach (var r in results)
        {
            pairs.Add(await Pair(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(r.Body) }));
        }

        Assert.Single(pairs.Select(p => (p.AccessToken, p.RefreshToken)).Distinct());
        Assert.Equal(1, Decode(pairs[0].RefreshToken).GetPayloadValue<long>("gen"));
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, pairs[0].AccessToken));
        await Rotate(http, seed, pairs[0].RefreshToken);
    }

    [Fact]
    public async Task Reuse_IsLogged_WithTheFamilyId_ButNeverTheToken()
    {
        var login = await LoginJohn(http, seed);
        var familyId = Decode(login.RefreshToken).GetPayloadValue<string>("fid");
        var rotated = await Rotate(http, seed, login.RefreshToken);
        await Rotate(http, seed, rotated.RefreshToken);

        using var reuse = await Refresh(http, seed, login.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);

        var output = await WaitForOutput($"reuse in family {familyId}");
        Assert.DoesNotContain(login.RefreshToken.Split('.')[2], output, StringComparison.Ordinal);
        Assert.DoesNotContain(login.RefreshToken.Split('.')[1], output, StringComparison.Ordinal);
    }

    private async Task<string> WaitForOutput(string text)
    {
        for (var i = 0; i < 50; i++)
        {
            var output = fixture.Server.Output;
            if (output.Contains(text, StringComparison.Ordinal))
            {
                return output;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"'{text}' was not logged");
        return "";
    }
}
