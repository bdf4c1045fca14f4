using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using OroOrleans.WebFront.Health;
using OroOrleans.WebFront.Hosting;

namespace OroOrleans.Tests.WebFront.Hosting;

/// <summary>
/// The front end's one way to call grains (§9.2): which failures are sent again, which are not, how a silo declared
/// dead ends the calls in flight, and what readiness learns. The calls are stand-in delegates: what is tested is the
/// policy around them; the fault test (<see cref="FaultTests"/>) runs it against real silos.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ClusterCallsTests
{
    private readonly SiloDeaths deaths = new();
    private readonly ClusterAvailability availability = new(TimeProvider.System);

    private ClusterCalls Calls(TimeSpan? budget = null) =>
        new(null!, deaths, availability, new ClusterCallBudget(budget ?? TimeSpan.FromSeconds(5)), TimeProvider.System, NullLogger<ClusterCalls>.Instance);

    [Fact]
    public async Task Retrying_CallLostWithItsSilo_IsSentAgainAndAnswers()
    {
        var attempts = 0;
        var answer = await Calls().Retrying(_ => ++attempts == 1 ? Task.FromException<int>(new SiloUnavailableException("gone")) : Task.FromResult(42));

        Assert.Equal(42, answer);
        Assert.Equal(2, attempts);
        Assert.Null(availability.RecentFailure);
    }

    [Fact]
    public async Task Once_CallLostWithItsSilo_IsNotSentAgainAndMakesTheFrontEndUnready()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<Orleans.Runtime.Messaging.ConnectionFailedException>(() =>
            Calls().Once(_ => { attempts++; return Task.FromException<int>(new Orleans.Runtime.Messaging.ConnectionFailedException("refused")); }));

        Assert.Equal(1, attempts);
        Assert.NotNull(availability.RecentFailure);
    }

    [Fact]
    public async Task Retrying_SiloDeclaredDeadWhileInFlight_EndsTheCallAtOnceAndSendsItAgain()
    {
        var attempts = 0;
        var stuck = new TaskCompletionSource<int>();
        var clock = Stopwatch.StartNew();
        var call = Calls().Retrying(_ => ++attempts == 1 ? stuck.Task : Task.FromResult(7));
        await Task.Delay(100);
        Assert.False(call.IsCompleted);

        deaths.Declared();

        Assert.Equal(7, await call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, attempts);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:F1} s");
        // The abandoned call's late failure is observed, not thrown anywhere.
        stuck.SetException(new TimeoutException());
    }

    [Fact]
    public async Task Retrying_DeathDeclaredAfterTheCallTookItsSignal_StillEndsAndResendsIt()
    {
        // The death lands between the call listening for deaths and its send: the call is not left waiting.
        var attempts = 0;
        var stuck = new TaskCompletionSource<int>();
        var call = Calls().Retrying(_ =>
        {
            if (++attempts > 1)
            {
                return Task.FromResult(7);
            }

            deaths.Declared();
            return stuck.Task;
        });

        Assert.Equal(7, await call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Retrying_TwoDeathsInARow_EachEndsTheAttemptInFlight()
    {
        var attempts = 0;
        var stuck = new[] { new TaskCompletionSource<int>(), new TaskCompletionSource<int>() };
        var call = Calls().Retrying(_ => ++attempts <= 2 ? stuck[attempts - 1].Task : Task.FromResult(9));
        await Task.Delay(100);
        Assert.Equal(1, attempts);

        deaths.Declared();
        for (var i = 0; i < 50 && Volatile.Read(ref attempts) < 2; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(2, attempts);
        Assert.False(call.IsCompleted);
        deaths.Declared();

        Assert.Equal(9, await call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Retrying_CallThatEndsCancelled_IsNotTakenForADeath()
    {
        // A call cancelled on its own (not by a silo's death) ends the request as it is: sent once, not resent.
        var attempts = 0;
        var cancelled = new TaskCompletionSource<int>();
        var call = Calls().Retrying(_ => { attempts++; return cancelled.Task; });
        await Task.Delay(100);
        cancelled.SetCanceled();

        await Assert.ThrowsAsync<TaskCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Once_SiloDeclaredDeadWhileInFlight_IsWaitedFor_SoItsAnswerIsNotLost()
    {
        // The death may be another silo's and the call may have run (a new secret, shown once): not ended, not resent.
        var stuck = new TaskCompletionSource<int>();
        var attempts = 0;
        var call = Calls().Once(_ => { attempts++; return stuck.Task; });
        await Task.Delay(100);

        deaths.Declared();
        await Task.Delay(200);
        Assert.False(call.IsCompleted, "a call that must not run twice was ended by another silo's death");

        stuck.SetResult(7);
        Assert.Equal(7, await call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, attempts);
        Assert.Null(availability.RecentFailure);
    }

    [Fact]
    public async Task Retrying_StorageFault_IsNotSentAgainButMakesTheFrontEndUnready()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<Orleans.Serialization.CodecNotFoundException>(() =>
            Calls().Retrying(_ => { attempts++; return Task.FromException<int>(new Orleans.Serialization.CodecNotFoundException("NpgsqlException")); }));

        Assert.Equal(1, attempts);
        Assert.NotNull(availability.RecentFailure);
    }

    [Fact]
    public async Task Retrying_ABug_IsNeitherSentAgainNorCountedAsUnavailability()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Calls().Retrying(_ => { attempts++; return Task.FromException<int>(new InvalidOperationException("bug")); }));

        Assert.Equal(1, attempts);
        Assert.Null(availability.RecentFailure);
    }

    [Fact]
    public async Task Retrying_SiloStillGoneWhenTheBudgetIsSpent_GivesUpWithinTheBudget()
    {
        var attempts = 0;
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<SiloUnavailableException>(() =>
            Calls(TimeSpan.FromMilliseconds(500)).Retrying(_ => { attempts++; return Task.FromException<int>(new SiloUnavailableException("gone")); }));

        Assert.InRange(attempts, 2, 4);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.NotNull(availability.RecentFailure);
    }

    [Fact]
    public async Task Retrying_CallThatWaitedOutTheWholeResponseTimeout_IsSentOnceMore()
    {
        // A silo slow to stop, or a cluster slow to recover on a loaded machine, can hold a call for the whole
        // timeout; the budget (twice the timeout) leaves room for one more attempt, which the next activation answers.
        var timeout = TimeSpan.FromSeconds(1);
        var attempts = 0;
        var calls = new ClusterCalls(
            null!, deaths, availability, ClusterCallBudget.For(timeout), TimeProvider.System, NullLogger<ClusterCalls>.Instance);

        var answer = await calls.Retrying(async _ =>
        {
            if (++attempts == 1)
            {
                await Task.Delay(timeout);
                throw new TimeoutException("Response did not arrive on time");
            }

            return 9;
        });

        Assert.Equal(9, answer);
        Assert.Equal(2, attempts);
        Assert.Null(availability.RecentFailure);
    }
}
