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
    public async Task Refresh_ConsumedToken_RevokesTheWholeFamily()
    {
        var login = await LoginJohn(http, seed);
        var rotated = await Rotate(http, seed, login.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await ApiStatus(http, rotated.AccessToken));

        using var reuse = await Refresh(http, seed, login.RefreshToken);

        await TokenClient.AssertError(reuse, 400, "invalid_grant", "Token has been revoked", "The refresh token is invalid.");
        using var newest = await Refresh(http, seed, rotated.RefreshToken);
        await TokenClient.AssertError(newest, 400, "invalid_grant", "Token has been revoked", "The refresh token is invalid.");
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, rotated.AccessToken));
    }

    [Fact]
    public async Task Refresh_ReuseOfAnOlderGeneration_RevokesTheFamily()
    {
        var gen0 = await LoginJohn(http, seed);
        var gen1 = await Rotate(http, seed, gen0.RefreshToken);
        var gen2 = await Rotate(http, seed, gen1.RefreshToken);

        using var reuse = await Refresh(http, seed, gen1.RefreshToken);

        await TokenClient.AssertError(reuse, 400, "invalid_grant", "Token has been revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, gen2.AccessToken));
        using var newest = await Refresh(http, seed, gen2.RefreshToken);
        await TokenClient.AssertError(newest, 400, "invalid_grant", "Token has been revoked");
    }

    [Fact]
    public async Task Refresh_32ConcurrentWithOneToken_ExactlyOneSucceeds_AndTheFamilyIsThenRevoked()
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

        var winners = results.Where(r => r.StatusCode == HttpStatusCode.OK).ToArray();
        Assert.Single(winners);
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("\"hint\":\"Token has been revoked\"", r.Body, StringComparison.Ordinal);
        });

        // The race was reuse: the winner's pair is revoked with the rest of the family.
        var winner = await Pair(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(winners[0].Body) });
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatus(http, winner.AccessToken));
        using var next = await Refresh(http, seed, winner.RefreshToken);
        await TokenClient.AssertError(next, 400, "invalid_grant", "Token has been revoked");
    }

    [Fact]
    public async Task Reuse_IsLogged_WithTheFamilyId_ButNeverTheToken()
    {
        var login = await LoginJohn(http, seed);
        var familyId = Decode(login.RefreshToken).GetPayloadValue<string>("fid");
        await Rotate(http, seed, login.RefreshToken);

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
