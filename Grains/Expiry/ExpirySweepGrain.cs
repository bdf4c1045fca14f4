using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;
using OroOrleans.Grains.Visitors;

namespace OroOrleans.Grains.Expiry;

/// <summary>
/// The cluster's one sweeper (§2.7). Why a sweep and not a reminder or timer per visitor or family: guests come by the
/// million, and a reminder is a row and a tick each; one sweep is one indexed <c>DELETE</c> per batch. Every silo's
/// <see cref="ExpirySweepTimer"/> asks this grain; it sweeps at most once per half interval, so N silos make one sweep.
/// Which rows are dead is decided here from the silo's clock; how they are found and deleted is the storage's
/// (<see cref="IExpiredStateStore"/>).
/// </summary>
[GrainType("expiry-sweep")]
public sealed partial class ExpirySweepGrain(
    IServiceProvider services,
    IOptions<ExpiryOptions> expiry,
    IOptions<StorefrontOptions> storefront,
    IOptions<TokenOptions> tokens,
    TimeProvider time,
    ILogger<ExpirySweepGrain> logger) : Grain, IExpirySweepGrain
{
    /// <summary>The state names of <see cref="Visitors.ShoppingListGrain"/> and <see cref="Families.RefreshFamilyGrain"/>.</summary>
    public const string ShoppingListState = "shopping-list";

    /// <inheritdoc cref="ShoppingListState"/>
    public const string RefreshFamilyState = "refresh-family";

    /// <summary>Batches per kind of state and call, so that one call stays well inside Orleans' response timeout.</summary>
    private const int MaxBatchesPerKind = 25;

    private DateTimeOffset? lastSweep;

    /// <summary>The oldest last change a visitor's list may have at <paramref name="now"/> and still be kept by the sweep.</summary>
    public static DateTimeOffset VisitorListCutoff(DateTimeOffset now, StorefrontOptions storefront, ExpiryOptions expiry) =>
        now - storefront.VisitorListLifetime - expiry.Margin;

    /// <summary>
    /// The oldest last write a family may have and still be kept. Every refresh token of a family is issued at or before
    /// its state's last write (the login's token before any write; a rotation issues, then writes), and lives at most
    /// <c>Tokens:RefreshTokenLifetime</c>; so once that has passed since the last write, no token of it is valid and
    /// the state decides nothing (§3). Revocation facts live in the ledger, not here.
    /// </summary>
    public static DateTimeOffset FamilyCutoff(DateTimeOffset now, TokenOptions tokens, ExpiryOptions expiry) =>
        now - tokens.RefreshTokenLifetime - expiry.Margin;

    public async Task<ExpirySweepResult?> Sweep(bool force)
    {
        var store = services.GetService<IExpiredStateStore>();
        var now = time.GetUtcNow();
        if (store is null || (!force && lastSweep is { } last && now - last < expiry.Value.SweepInterval / 2))
        {
            return null;
        }

        lastSweep = now;
        var lists = await DeleteAll(store, ShoppingListState, ShoppingListOwners.VisitorPrefix, VisitorListCutoff(now, storefront.Value, expiry.Value));
        var families = await DeleteAll(store, RefreshFamilyState, null, FamilyCutoff(now, tokens.Value, expiry.Value));
        var result = new ExpirySweepResult(lists.Deleted, families.Deleted, lists.More || families.More);
        ExpiryMetrics.RowsDeleted.Add(lists.Deleted, new KeyValuePair<string, object?>("state", ShoppingListState));
        ExpiryMetrics.RowsDeleted.Add(families.Deleted, new KeyValuePair<string, object?>("state", RefreshFamilyState));
        LogSwept(logger, lists.Deleted, families.Deleted, result.More);
        return result;
    }

    private async Task<(int Deleted, bool More)> DeleteAll(IExpiredStateStore store, string stateName, string? keyPrefix, DateTimeOffset cutoff)
    {
        var batch = expiry.Value.BatchSize;
        var total = 0;
        for (var i = 0; i < MaxBatchesPerKind; i++)
        {
            var deleted = await store.DeleteModifiedBefore(stateName, keyPrefix, cutoff, batch, CancellationToken.None);
            total += deleted;
            if (deleted < batch)
            {
                return (total, false);
            }
        }

        return (total, true);
    }

    [LoggerMessage(LogEvents.ExpirySweepSwept, LogLevel.Information, "Expiry sweep deleted {VisitorLists} visitor lists and {Families} refresh families (more left: {More})")]
    private static partial void LogSwept(ILogger logger, int visitorLists, int families, bool more);
}
