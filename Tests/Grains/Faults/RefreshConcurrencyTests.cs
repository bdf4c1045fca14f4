using System.Diagnostics;
using OroOrleans.Grains.Interfaces;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Grains.Faults;

/// <summary>
/// A refresh goes from the front end to the token inspector, which asks the family's grain and waits for it, database
/// write included; a password login goes to the token issuer, which waits for the user's grain. Both are stateless
/// workers with one worker per core; were they not reentrant, a silo would carry only that many refreshes or logins
/// at once, and every other request would queue behind a slow database write.
/// </summary>
[Trait("Category", TestCategories.Cluster)]
[Collection(FailingStorageCollection.Name)]
public sealed class RefreshConcurrencyTests(FailingStorageCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Redeem_RefreshesWaitingForTheirWrites_DoNotHoldUpTheOthers()
    {
        // More refreshes than the silo has inspector workers (one per core, Orleans' default).
        var count = Environment.ProcessorCount + 3;
        var sessions = new List<(ClientCredentials Client, TokenIssued Login)>();
        for (var i = 0; i < count; i++)
        {
            sessions.Add(await cluster.NewSession());
        }

        var inspector = cluster.Grains.GetGrain<ITokenInspectorGrain>(0);
        Task<TokenOutcome>[] redeemed;
        using (var hold = FailingGrainStorage.HoldWrites("refresh-family"))
        {
            redeemed = sessions
                .Select(s => inspector.RedeemRefreshToken(new RefreshGrantRequest(s.Client, s.Login.RefreshToken!)))
                .ToArray();
            var waited = Stopwatch.StartNew();
            while (hold.Waiting < count && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20);
            }

            output.WriteLine($"{hold.Waiting} of {count} family writes waiting at once after {waited.Elapsed.TotalMilliseconds:F0} ms " +
                $"({Environment.ProcessorCount} cores); {redeemed.Count(t => t.IsCompleted)} refreshes answered before the release");
            Assert.Equal(count, hold.Waiting);
            Assert.DoesNotContain(redeemed, t => t.IsCompleted);
        }

        var outcomes = await Task.WhenAll(redeemed);
        Assert.All(outcomes, o => Assert.IsType<TokenRotated>(o));
    }

    [Fact]
    public async Task Issue_LoginsWaitingForTheirUsersWrites_DoNotHoldUpTheOthers()
    {
        // The issuer is a stateless worker with one worker per core too: a password login waits for its user's grain
        // (the hash, a lockout count's write, a silo that died under it), and under load the logins behind it expired
        // in the issuer's queue (a fault test saw "Dropping expired message … token-issuer/0 IssuePassword").
        var count = Environment.ProcessorCount + 3;
        var client = await cluster.NewClient();
        var users = new List<UserView>();
        for (var i = 0; i < count; i++)
        {
            users.Add((await cluster.NewUser()).User);
        }

        var issuer = cluster.Grains.GetGrain<ITokenIssuerGrain>(0);
        Task<TokenOutcome>[] attempts;
        Task<TokenOutcome> unknownName;
        using (var hold = FailingGrainStorage.HoldWrites("user"))
        {
            // A wrong password counts a failure: the user's grain writes, and the write waits.
            attempts = users.Select(u => issuer.IssuePassword(new PasswordGrantRequest(client, u.Username!, "wrong", null, null))).ToArray();
            var waited = Stopwatch.StartNew();
            while (hold.Waiting < count && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }

            unknownName = issuer.IssuePassword(new PasswordGrantRequest(client, "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong", null, null));
            var unknown = await Task.WhenAny(unknownName, Task.Delay(TimeSpan.FromSeconds(10))) == unknownName;
            output.WriteLine($"{hold.Waiting} of {count} user writes waiting at once after {waited.Elapsed.TotalMilliseconds:F0} ms " +
                $"({Environment.ProcessorCount} cores); a login for an unknown name answered meanwhile: {unknown}");
            Assert.Equal(count, hold.Waiting);
            Assert.True(unknown, "a login that waits for no grain queued behind the logins waiting for their users");
            Assert.DoesNotContain(attempts, t => t.IsCompleted);
        }

        Assert.All(await Task.WhenAll(attempts), o => Assert.Equal(DenialReason.InvalidCredentials, Assert.IsType<TokenDenied>(o).Reason));
        Assert.Equal(DenialReason.InvalidCredentials, Assert.IsType<TokenDenied>(await unknownName).Reason);
    }
}
