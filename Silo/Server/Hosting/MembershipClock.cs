using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The clock of Orleans' membership and health monitoring, with timestamps counted from when the silo was configured
/// (the process's start) instead of the machine's boot. Orleans 10.4.2's <c>Watchdog.Start</c> starts its platform thread before it stamps the
/// component check, so that thread's first look reads a stamp of 0 and sees the component check "not completed" for
/// the machine's whole uptime: the "Participant check thread has not completed for 02:45:45 … deadlock" warning at
/// every start, and a health complaint that counts against the silo's local health score. Counted from the process
/// start, the unset stamp is seconds old and below the check's threshold (twice
/// <c>LocalHealthDegradationMonitoringPeriod</c>, 20 s) unless the start really took that long. Only the origin
/// moves: Orleans uses these timestamps as differences, and wall-clock time and timers are the system's.
/// </summary>
public sealed class MembershipClock : TimeProvider
{
    private static readonly long Origin = Stopwatch.GetTimestamp() - 1;

    public override long GetTimestamp() => Stopwatch.GetTimestamp() - Origin;

    public static void Register(IServiceCollection services) =>
        services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, new MembershipClock());
}
