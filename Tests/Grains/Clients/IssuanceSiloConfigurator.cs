using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Silo.Storage;

namespace OroOrleans.Tests.Grains.Clients;

/// <summary>
/// A test silo as standalone mode builds it (SQLite storage, the grain services), plus a call counter and a gate
/// that can hold the client grains' <c>RecordUsage</c> calls.
/// </summary>
public sealed class IssuanceSiloConfigurator : ISiloConfigurator
{
    public const string SqliteDirectory = "OroTests:SqliteDirectory";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddOroSqliteGrainStorage("main", siloBuilder.Configuration.GetValue<string>(SqliteDirectory)!);
        siloBuilder.Services.AddOroGrainServices();
        siloBuilder.Services.AddSingleton<GrainCallCounter>();
        siloBuilder.AddIncomingGrainCallFilter<CountingCallFilter>();
        siloBuilder.Services.AddSingleton<UsageGate>();
        siloBuilder.AddIncomingGrainCallFilter<UsageGateFilter>();
    }
}

/// <summary>
/// While closed, holds every <c>RecordUsage</c> call a client grain receives and notes which client it was for;
/// open (the default), lets every call through.
/// </summary>
public sealed class UsageGate
{
    private readonly ConcurrentDictionary<string, int> held = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource? gate;

    /// <summary>The clients whose calls have reached the gate since it closed.</summary>
    public ICollection<string> Held => held.Keys;

    public void Close()
    {
        held.Clear();
        gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open()
    {
        gate?.TrySetResult();
        gate = null;
    }

    internal Task Pass(string clientId)
    {
        if (gate is not { } closed)
        {
            return Task.CompletedTask;
        }

        held.AddOrUpdate(clientId, 1, static (_, n) => n + 1);
        return closed.Task;
    }
}

public sealed class UsageGateFilter(UsageGate gate) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.MethodName == nameof(IClientGrain.RecordUsage))
        {
            await gate.Pass(context.TargetId.Key.ToString()!);
        }

        await context.Invoke();
    }
}
