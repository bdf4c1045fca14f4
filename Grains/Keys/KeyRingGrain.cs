using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// The key ring (§6): one active signing key, a next key announced <see cref="KeysOptions.AnnounceAhead"/> before it
/// signs, retired keys kept until every token they signed has expired; the same for the HS256 refresh-token keys,
/// which are never published (rules in <see cref="KeyRingSchedule"/>). A reminder ticks every
/// <see cref="TickPeriod"/> and the ring rotates from the clock and its stored state, so a tick missed while no silo
/// ran is made up by the next. It returns public keys and key ids only: silos sign with the stored ring, read by
/// <see cref="KeyRingCache"/>. Secrets are sealed in storage by <see cref="KeyProtector"/>; a ring stored in the clear
/// is sealed on its first read once encryption is configured.
/// </summary>
[GrainType("key-ring")]
public sealed partial class KeyRingGrain(
    [PersistentState("key-ring", StorageNames.Main)] IPersistentState<KeyRingState> state,
    IOptions<TokenOptions> tokens,
    IOptions<KeysOptions> keys,
    OperatorSigningKey operatorKey,
    KeyProtector protector,
    KeyRingCache signing,
    TimeProvider time,
    ILogger<KeyRingGrain> logger) : Grain, IKeyRingGrain, IRemindable
{
    /// <summary>The reminder that drives the schedule.</summary>
    public const string ReminderName = "key-rotation";

    // The ring with its secrets open, as last read or written; state.State holds the stored (sealed) form.
    private KeyRingState? ring;
    private PublicKeySet? published;

    private KeyRingSchedule Schedule => new(tokens.Value, keys.Value);

    /// <summary>
    /// How often the reminder ticks: a quarter of <see cref="KeysOptions.AnnounceAhead"/>, between Orleans' 1-minute
    /// minimum and an hour. A rotation happens at most that late; a key never signs early.
    /// </summary>
    public static TimeSpan TickPeriod(TimeSpan announceAhead) =>
        TimeSpan.FromTicks(Math.Clamp(announceAhead.Ticks / 4, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromHours(1).Ticks));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Once per activation; the reminder activates the grain, so once registered it keeps itself alive.
        try
        {
            // Registered again (an upsert) so that a changed Keys:AnnounceAhead changes the period.
            var period = TickPeriod(keys.Value.AnnounceAhead);
            await this.RegisterOrUpdateReminder(ReminderName, period, period, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReminderFailed(logger, e.GetType().Name, e.Message);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => reminderName == ReminderName ? Tick() : Task.CompletedTask;

    public async Task<PublicKeySet> GetPublicKeys()
    {
        var r = await Ring();
        return published ??= new PublicKeySet(r.Version, r.SigningKeys.Select(KeyMaterial.ToPublicJwk).ToArray(), tokens.Value.Issuer);
    }

    public async Task<KeyRingSummary> Tick()
    {
        var s = await Ring();
        var now = time.GetUtcNow();
        if (Schedule.Tick(s, now, operatorKey.Key is not null) is not { } ticked)
        {
            return Summary(s);
        }

        await Write(ticked);
        signing.Invalidate();
        if (KeyRingSchedule.Next(ticked) is { } next && KeyRingSchedule.Next(s)?.Kid != next.Kid)
        {
            LogAnnounced(logger, next.Kid, next.Algorithm, Schedule.RotationDue(ticked), ticked.Version);
        }

        if (ticked.ActiveSigningKid != s.ActiveSigningKid)
        {
            LogRotated(logger, ticked.ActiveSigningKid, ticked.Version);
        }

        return Summary(ticked);
    }

    public async Task<KeyRingSummary> Rotate()
    {
        var rotated = Schedule.Rotate(await Ring(), time.GetUtcNow());
        await Write(rotated);
        signing.Invalidate();
        LogRotated(logger, rotated.ActiveSigningKid, rotated.Version);
        return Summary(rotated);
    }

    public async Task<KeyRingSummary?> Revoke(string kid)
    {
        var s = await Ring();
        if (s.SigningKeys.All(k => k.Kid != kid))
        {
            return null;
        }

        // The fact first: tokens signed with the key fail on every front end within 1 s even if the write below
        // fails. Kept while such a token may live: other silos may sign with it until their cache refreshes, and
        // front ends accept it a clock skew past its exp (KeepMargin covers both).
        await RecordRevoked(kid);
        if (kid == s.ActiveSigningKid)
        {
            await Rotate();
            s = ring!;
        }

        // A revoked next key is not replaced here: the schedule announces another on its next tick.
        var revoked = new KeyRingState
        {
            Version = s.Version + 1,
            SigningKeys = s.SigningKeys.Where(k => k.Kid != kid).ToList(),
            ActiveSigningKid = s.ActiveSigningKid,
            RefreshKeys = s.RefreshKeys,
            ActiveRefreshKid = s.ActiveRefreshKid,
            ImportedPemKid = s.ImportedPemKid,
        };
        await Write(revoked);
        // This silo stops signing with it at once; the others within KeyRingCache.RefreshInterval.
        signing.Invalidate();
        // Counted again from now: until this write the key was in the ring, and a write that took long (storage
        // retries, a database that came back) let other silos sign with it past the first fact's reckoning.
        await RecordRevoked(kid);
        LogRevoked(logger, kid, revoked.ActiveSigningKid, revoked.Version);
        return Summary(revoked);
    }

    private Task RecordRevoked(string kid) => RevocationFacts.Record(GrainFactory, new RevocationFact(
        RevocationKind.SigningKey, kid, long.MaxValue, time.GetUtcNow() + tokens.Value.AccessTokenLifetime + RevocationFacts.KeepMargin));

    private async Task<KeyRingState> Ring()
    {
        if (ring is not null)
        {
            return ring;
        }

        if (state.State.Version == 0)
        {
            await Initialize();
        }
        else
        {
            var stored = state.State;
            var open = protector.Open(stored);
            if (protector.Encrypts && stored.Protection is null)
            {
                await Write(open);
                LogSealed(logger, open.Version);
            }

            ring = open;
            if (operatorKey.Key is { } key && KeyRingSchedule.Import(open, key, time.GetUtcNow()) is { } imported)
            {
                await Write(imported);
                signing.Invalidate();
                LogImported(logger, key.Kid, key.Algorithm, imported.Version);
            }
        }

        NoticeAlgorithm(ring!);
        return ring!;
    }

    /// <summary>§6: a <c>Tokens:Algorithm</c> that the active key does not use takes effect at the next rotation; say so once per activation.</summary>
    private void NoticeAlgorithm(KeyRingState r)
    {
        var active = KeyRingSchedule.Active(r);
        if (active.Algorithm == tokens.Value.Algorithm)
        {
            return;
        }

        if (operatorKey.Key is not null)
        {
            LogAlgorithmOfOperatorKey(logger, tokens.Value.Algorithm, active.Kid, active.Algorithm);
        }
        else
        {
            LogAlgorithmAtNextRotation(logger, tokens.Value.Algorithm, active.Kid, active.Algorithm, Schedule.RotationDue(r));
        }
    }

    private async Task Initialize()
    {
        var first = Schedule.New(time.GetUtcNow(), operatorKey.Key);
        await Write(first);
        var active = KeyRingSchedule.Active(first);
        LogGenerated(logger, active.Kid, active.Algorithm);
    }

    /// <summary>
    /// Stores <paramref name="open"/> sealed; the in-memory ring changes only once the write succeeded, and a failed
    /// write forgets this activation (<see cref="StateWrites"/>).
    /// </summary>
    private async Task Write(KeyRingState open)
    {
        state.State = protector.Protect(open);
        await state.WriteOrForget(this);
        ring = open;
        published = null;
    }

    private static KeyRingSummary Summary(KeyRingState s) => new(
        s.Version,
        s.ActiveSigningKid,
        s.SigningKeys.Single(k => k.Kid == s.ActiveSigningKid).Algorithm,
        s.SigningKeys.Select(k => k.Kid).ToArray());

    [LoggerMessage(LogEvents.KeyRingGenerated, LogLevel.Information, "Generated the key ring: signing key {Kid} ({Algorithm})")]
    private static partial void LogGenerated(ILogger logger, string kid, string algorithm);

    [LoggerMessage(LogEvents.KeyRingRotated, LogLevel.Information, "Rotated the key ring: signing key {Kid} is active, version {Version}")]
    private static partial void LogRotated(ILogger logger, string kid, long version);

    [LoggerMessage(LogEvents.KeyRingRevoked, LogLevel.Warning, "Revoked signing key {Kid}: out of the JWKS, its tokens refused; signing key {Active} is active, version {Version}")]
    private static partial void LogRevoked(ILogger logger, string kid, string active, long version);

    [LoggerMessage(LogEvents.KeyRingAnnounced, LogLevel.Information, "Announced signing key {Kid} ({Algorithm}) in the JWKS: it signs from the rotation due {Due}, version {Version}")]
    private static partial void LogAnnounced(ILogger logger, string kid, string algorithm, DateTimeOffset due, long version);

    [LoggerMessage(LogEvents.KeyRingImported, LogLevel.Information, "Imported the operator's PEM signing key {Kid} ({Algorithm}) as the active key, version {Version}: it signs once published for 2 minutes, the previous key until then")]
    private static partial void LogImported(ILogger logger, string kid, string algorithm, long version);

    [LoggerMessage(LogEvents.KeyRingAlgorithmAtNextRotation, LogLevel.Warning, "Tokens:Algorithm is {Configured} but the active signing key {Kid} is {Algorithm}: {Configured} takes effect at the next rotation, due {Due} (Keys:RotationPeriod), or 2 minutes after POST /api/signingkeys/rotate")]
    private static partial void LogAlgorithmAtNextRotation(ILogger logger, string configured, string kid, string algorithm, DateTimeOffset due);

    [LoggerMessage(LogEvents.KeyRingAlgorithmOfOperatorKey, LogLevel.Warning, "Tokens:Algorithm is {Configured} but the operator's PEM signing key {Kid} is {Algorithm}: the PEM key goes on signing; {Configured} takes effect only for keys the ring makes itself (POST /api/signingkeys/rotate)")]
    private static partial void LogAlgorithmOfOperatorKey(ILogger logger, string configured, string kid, string algorithm);

    [LoggerMessage(LogEvents.KeyRingReminderFailed, LogLevel.Warning, "Could not register the key-rotation reminder ({Error}: {Message}): keys rotate only when asked (POST /api/signingkeys/rotate) until it is registered")]
    private static partial void LogReminderFailed(ILogger logger, string error, string message);

    [LoggerMessage(LogEvents.KeyRingSealed, LogLevel.Information, "Sealed the key ring (version {Version}), stored in the clear until now, under the key-encryption key")]
    private static partial void LogSealed(ILogger logger, long version);
}
