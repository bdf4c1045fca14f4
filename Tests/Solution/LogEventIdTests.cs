using System.Reflection;
using Microsoft.Extensions.Logging;

namespace OroOrleans.Tests.Solution;

/// <summary>
/// Every <c>[LoggerMessage]</c> event id is used once in the whole product, so that an id names one event
/// in logs: 1xxx grains (a hundred per domain), 2xxx hosting, 3xxx and 4xxx the front end.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class LogEventIdTests
{
    [Fact]
    public void EveryLoggerMessageEventId_IsUsedOnce()
    {
        var assemblies = new[]
        {
            typeof(OroOrleans.Grains.GrainServices).Assembly,
            typeof(OroOrleans.Silo.Storage.SqliteStore).Assembly,
            typeof(OroOrleans.Silo.Hosting.SiloReadyBanner).Assembly,
            typeof(OroOrleans.Silo.Hosting.StartupFailure).Assembly,
            typeof(Program).Assembly,
        };
        var uses = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.Name}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(u => u.Attribute is not null)
            .ToList();

        var duplicates = uses.GroupBy(u => u.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(u => u.Method))}").ToList();

        Assert.True(uses.Count > 20, $"only {uses.Count} [LoggerMessage] methods found");
        Assert.True(duplicates.Count == 0, "event ids used more than once: " + string.Join("; ", duplicates));

        // One table: every id is a constant of LogEvents, and every constant is used.
        var table = typeof(OroOrleans.Grains.LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);
        Assert.Equal(table.Count, typeof(OroOrleans.Grains.LogEvents).GetFields().Length);
        var outside = uses.Where(u => !table.ContainsKey(u.Attribute!.EventId)).Select(u => $"{u.Attribute!.EventId} ({u.Method})").ToList();
        Assert.True(outside.Count == 0, "event ids not in LogEvents: " + string.Join(", ", outside));
        var unused = table.Keys.Except(uses.Select(u => u.Attribute!.EventId)).Select(id => table[id]).ToList();
        Assert.True(unused.Count == 0, "LogEvents constants no method uses: " + string.Join(", ", unused));
    }
}
