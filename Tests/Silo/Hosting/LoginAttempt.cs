using System.Net;

namespace OroOrleans.Tests.Silo.Hosting;

/// <summary>One login of a failover run: when it started and ended (on the run's clock), its status and OAuth error.</summary>
internal sealed record LoginAttempt(TimeSpan Start, TimeSpan End, HttpStatusCode Status, string? Error);
