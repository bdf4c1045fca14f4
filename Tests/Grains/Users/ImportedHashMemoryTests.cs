using Isopoh.Cryptography.Argon2;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OroOrleans.Grains.Users;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>
/// §5: the silo's budget of memory for imported argon2id verifications: one permit per MiB of a hash's memory cost,
/// first come first served, a wait bounded by <c>Passwords:ImportedHashMemoryWait</c>. The process-level proof that it
/// bounds the memory is <c>ImportedHashMemoryProcessTests</c>.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class ImportedHashMemoryTests
{
    // Parameters only matter here, so the hashes are cheap to make (the budget reads the memory cost, never verifies).
    private static readonly string Argon64MiB = Argon2Hash(64 * 1024);
    private static readonly string Argon128MiB = Argon2Hash(128 * 1024);
    private static readonly string Argon1000KiB = Argon2Hash(1000);
    private const string Bcrypt = "$2y$04$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui";

    [Fact]
    public void Permits_AreTheMemoryCostInMiB_RoundedUp_AndNoneForOtherHashes()
    {
        Assert.Equal(64, ImportedHashMemory.PermitsFor(Argon64MiB));
        Assert.Equal(128, ImportedHashMemory.PermitsFor(Argon128MiB));
        Assert.Equal(1, ImportedHashMemory.PermitsFor(Argon1000KiB));
        Assert.Equal(0, ImportedHashMemory.PermitsFor(Bcrypt));
        Assert.Equal(0, ImportedHashMemory.PermitsFor(PasswordHashing.Hash("ours")));
        Assert.Equal(0, ImportedHashMemory.PermitsFor("$argon2id$v=19$m=65536,t=1,p=1$garbage"));
    }

    [Fact]
    public async Task VerificationsWithinTheBudget_RunAtOnce_AndTheNextWaitsForMemoryToBeReturned()
    {
        var time = new FakeTimeProvider();
        using var memory = Budget(256, TimeSpan.FromSeconds(2), time);

        var held = new List<IDisposable>();
        for (var i = 0; i < 4; i++)
        {
            var lease = await memory.Reserve(Argon64MiB);
            Assert.True(lease.IsAcquired, $"verification {i + 1} of 4 at 64 MiB fits in 256 MiB");
            held.Add(lease);
        }

        // Bcrypt and our own hashes never wait, even with the budget spent.
        using (var bcrypt = await memory.Reserve(Bcrypt))
        {
            Assert.True(bcrypt.IsAcquired);
        }

        var fifth = memory.Reserve(Argon64MiB).AsTask();
        Assert.False(fifth.IsCompleted, "a fifth 64 MiB verification must wait while 256 MiB are held");
        held[0].Dispose();
        using var granted = await fifth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(granted.IsAcquired);
        held.Skip(1).ToList().ForEach(l => l.Dispose());
    }

    [Fact]
    public async Task AWaitLongerThanTheBound_IsRefused_AndHoldsNoMemory()
    {
        var time = new FakeTimeProvider();
        using var memory = Budget(128, TimeSpan.FromSeconds(2), time);
        using var first = await memory.Reserve(Argon128MiB);
        Assert.True(first.IsAcquired);

        var waiting = memory.Reserve(Argon64MiB).AsTask();
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(waiting.IsCompleted, "still within the wait");
        time.Advance(TimeSpan.FromSeconds(0.2));
        using var refused = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(refused.IsAcquired);

        // The refused request left the queue: once the memory is back, the whole budget is free.
        first.Dispose();
        using var whole = await memory.Reserve(Argon128MiB).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(whole.IsAcquired);
    }

    [Fact]
    public async Task TheQueueIsFirstComeFirstServed_SoALargeCostIsNotPassedOverBySmallOnes()
    {
        var time = new FakeTimeProvider();
        using var memory = Budget(128, TimeSpan.FromSeconds(2), time);
        var first = await memory.Reserve(Argon64MiB);

        var large = memory.Reserve(Argon128MiB).AsTask();
        var small = memory.Reserve(Argon64MiB).AsTask();
        // 64 MiB are free, enough for the small one, but the large one came first.
        Assert.False(small.IsCompleted, "a later small verification must not pass an earlier large one");
        first.Dispose();
        using (var lease = await large.WaitAsync(TimeSpan.FromSeconds(5)))
        {
            Assert.True(lease.IsAcquired);
            Assert.False(small.IsCompleted);
        }

        using var last = await small.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(last.IsAcquired);
    }

    [Theory]
    [InlineData(256, 2.0, null)]
    [InlineData(128, 0.0, null)]
    [InlineData(127, 2.0, "ImportedHashMemoryMiB: ")]
    [InlineData(0, 2.0, "ImportedHashMemoryMiB: ")]
    [InlineData(256, 61.0, "ImportedHashMemoryWait: ")]
    [InlineData(256, -1.0, "ImportedHashMemoryWait: ")]
    public void TheBudget_CoversTheLargestImportableCost_AndTheWaitIsBounded(int mib, double waitSeconds, string? failure)
    {
        var result = new PasswordOptionsValidator().Validate(null, new PasswordOptions { ImportedHashMemoryMiB = mib, ImportedHashMemoryWait = TimeSpan.FromSeconds(waitSeconds) });

        Assert.Equal(failure is not null, result.Failed);
        if (failure is not null)
        {
            var line = Assert.Single(result.Failures!);
            Assert.StartsWith(failure, line, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line);
        }
    }

    private static ImportedHashMemory Budget(int mib, TimeSpan wait, TimeProvider time) =>
        new(Options.Create(new PasswordOptions { ImportedHashMemoryMiB = mib, ImportedHashMemoryWait = wait }), time);

    private static string Argon2Hash(int memoryKiB)
    {
        // Encoded by hand from a real 1 MiB hash: making a 128 MiB one would cost 128 MiB and a second per test run.
        var cheap = Argon2.Hash("password", 1, 1024, 1, Argon2Type.HybridAddressing);
        return cheap.Replace("m=1024,", $"m={memoryKiB},", StringComparison.Ordinal);
    }
}
