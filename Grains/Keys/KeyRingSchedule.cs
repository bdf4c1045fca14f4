using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Keys;

/// <summary>
/// The life of the key ring's keys (§6), as pure functions of a ring and a time: <see cref="KeyRingGrain"/> stores what
/// they return. A signing key signs for <see cref="KeysOptions.RotationPeriod"/>; <see cref="KeysOptions.AnnounceAhead"/>
/// before its end a next key (of <c>Tokens:Algorithm</c>) enters the ring and the JWKS; at its end the next key is
/// promoted, once it has been announced for <see cref="KeysOptions.AnnounceAhead"/>. A retired key is kept for
/// verification until every token it signed has expired. Refresh keys rotate on the same period and are kept until
/// their retirement end (<see cref="KeyPublication.KeepRetiredRefresh"/>).
/// </summary>
public sealed class KeyRingSchedule(TokenOptions tokens, KeysOptions keys)
{
    /// <summary>A first ring: one active signing key (the operator's when given) and one refresh key.</summary>
    public KeyRingState New(DateTimeOffset now, SigningKey? operatorKey)
    {
        var active = operatorKey is null
            ? KeyMaterial.NewSigningKey(tokens.Algorithm, now, active: true)
            : operatorKey with { CreatedAt = now, ActivatedAt = now };
        var refresh = KeyMaterial.NewRefreshKey(now);
        return new KeyRingState
        {
            Version = 1,
            SigningKeys = [active],
            ActiveSigningKid = active.Kid,
            RefreshKeys = [refresh],
            ActiveRefreshKid = refresh.Kid,
            ImportedPemKid = operatorKey?.Kid,
        };
    }

    /// <summary>When the active signing key's period ends.</summary>
    public DateTimeOffset RotationDue(KeyRingState ring)
    {
        var active = Active(ring);
        return (active.ActivatedAt ?? active.CreatedAt) + keys.RotationPeriod;
    }

    /// <summary>
    /// Manual rotation (and the schedule's promotion): the next key, or a new one when there is none or it is of another
    /// algorithm, becomes active; the active key retires; a new refresh key starts. A key that has not been in the ring
    /// for <see cref="KeyPublication.SignAfter"/> does not sign yet (<c>SigningMaterial</c>): the previous one goes on.
    /// </summary>
    public KeyRingState Rotate(KeyRingState ring, DateTimeOffset now)
    {
        var next = Next(ring) is { } n && n.Algorithm == tokens.Algorithm ? n : KeyMaterial.NewSigningKey(tokens.Algorithm, now, active: false);
        var signing = ring.SigningKeys
            .Where(k => k.ActivatedAt is not null)
            .Select(k => k.Kid == ring.ActiveSigningKid ? k with { RetiredAt = now } : k)
            .Append(next with { ActivatedAt = now })
            .ToList();
        var refresh = KeyMaterial.NewRefreshKey(now);
        return Versioned(Prune(Copy(ring, signing, next.Kid, RetireRefresh(ring, now).Append(refresh).ToList(), refresh.Kid), now), ring.Version + 1);
    }

    /// <summary>
    /// What the schedule does at <paramref name="now"/>: drop keys past their retirement end, announce a next key,
    /// promote it, rotate the refresh key. Null when nothing changes. With an operator's key
    /// (<paramref name="operatorKey"/>) signing keys stay as they are.
    /// </summary>
    public KeyRingState? Tick(KeyRingState ring, DateTimeOffset now, bool operatorKey)
    {
        var t = Prune(ring, now);
        if (!operatorKey)
        {
            var due = RotationDue(t);
            var next = Next(t);
            if (next is not null && next.Algorithm != tokens.Algorithm)
            {
                // Tokens:Algorithm changed since it was announced: announce a key of the configured algorithm instead.
                t = Copy(t, t.SigningKeys.Where(k => k.Kid != next.Kid).ToList(), t.ActiveSigningKid, t.RefreshKeys, t.ActiveRefreshKid);
                next = null;
            }

            if (next is null && now >= due - keys.AnnounceAhead)
            {
                next = KeyMaterial.NewSigningKey(tokens.Algorithm, now, active: false);
                t = Copy(t, t.SigningKeys.Append(next).ToList(), t.ActiveSigningKid, t.RefreshKeys, t.ActiveRefreshKid);
            }

            if (next is not null && now >= due && now >= next.CreatedAt + keys.AnnounceAhead)
            {
                t = Rotate(t, now);
            }
        }

        // Refresh keys rotate with the signing keys (Rotate); on their own only while an operator's key does not rotate.
        var activeRefresh = t.RefreshKeys.Single(k => k.Kid == t.ActiveRefreshKid);
        if (operatorKey && now >= activeRefresh.CreatedAt + keys.RotationPeriod)
        {
            var refresh = KeyMaterial.NewRefreshKey(now);
            t = Copy(t, t.SigningKeys, t.ActiveSigningKid, RetireRefresh(t, now).Append(refresh).ToList(), refresh.Kid);
        }

        return Same(ring, t) ? null : Versioned(t, ring.Version + 1);
    }

    /// <summary>
    /// The operator's key as the active key, unless it is the one imported last (<see cref="KeyRingState.ImportedPemKid"/>):
    /// the active key retires, a next key is dropped. Null when nothing changes.
    /// </summary>
    public static KeyRingState? Import(KeyRingState ring, SigningKey key, DateTimeOffset now)
    {
        if (ring.ImportedPemKid == key.Kid)
        {
            return null;
        }

        var signing = ring.SigningKeys
            .Where(k => k.ActivatedAt is not null && k.Kid != key.Kid)
            .Select(k => k.Kid == ring.ActiveSigningKid ? k with { RetiredAt = now } : k)
            .Append(ring.ActiveSigningKid == key.Kid ? Active(ring) : key with { CreatedAt = now, ActivatedAt = now })
            .ToList();
        var imported = Copy(ring, signing, key.Kid, ring.RefreshKeys, ring.ActiveRefreshKid);
        imported.ImportedPemKid = key.Kid;
        return Versioned(imported, ring.Version + 1);
    }

    /// <summary>Drops retired keys past their retirement end.</summary>
    public KeyRingState Prune(KeyRingState ring, DateTimeOffset now)
    {
        var signing = ring.SigningKeys.Where(k => k.RetiredAt is null || k.RetiredAt + KeyPublication.KeepRetired(tokens.AccessTokenLifetime) > now).ToList();
        var refresh = ring.RefreshKeys.Where(k => k.RetiredAt is null || k.RetiredAt + KeyPublication.KeepRetiredRefresh(tokens.RefreshTokenLifetime) > now).ToList();
        return signing.Count == ring.SigningKeys.Count && refresh.Count == ring.RefreshKeys.Count
            ? ring
            : Copy(ring, signing, ring.ActiveSigningKid, refresh, ring.ActiveRefreshKid);
    }

    public static SigningKey Active(KeyRingState ring) => ring.SigningKeys.Single(k => k.Kid == ring.ActiveSigningKid);

    /// <summary>The announced key that has not signed yet, if any.</summary>
    public static SigningKey? Next(KeyRingState ring) => ring.SigningKeys.FirstOrDefault(k => k.ActivatedAt is null);

    private static IEnumerable<RefreshKey> RetireRefresh(KeyRingState ring, DateTimeOffset now) =>
        ring.RefreshKeys.Select(k => k.RetiredAt is null ? k with { RetiredAt = now } : k);

    private static bool Same(KeyRingState a, KeyRingState b) =>
        a.ActiveSigningKid == b.ActiveSigningKid && a.ActiveRefreshKid == b.ActiveRefreshKid
        && a.SigningKeys.Select(k => k.Kid).SequenceEqual(b.SigningKeys.Select(k => k.Kid))
        && a.RefreshKeys.Select(k => k.Kid).SequenceEqual(b.RefreshKeys.Select(k => k.Kid));

    private static KeyRingState Versioned(KeyRingState ring, long version)
    {
        var copy = Copy(ring, ring.SigningKeys, ring.ActiveSigningKid, ring.RefreshKeys, ring.ActiveRefreshKid);
        copy.Version = version;
        return copy;
    }

    private static KeyRingState Copy(KeyRingState ring, List<SigningKey> signing, string activeKid, List<RefreshKey> refresh, string activeRefreshKid) => new()
    {
        Version = ring.Version,
        SigningKeys = signing,
        ActiveSigningKid = activeKid,
        RefreshKeys = refresh,
        ActiveRefreshKid = activeRefreshKid,
        Protection = ring.Protection,
        ImportedPemKid = ring.ImportedPemKid,
    };
}
