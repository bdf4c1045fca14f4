using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Users;

/// <summary>Persisted state of <see cref="UserGrain"/>. Ids are the storage contract: never renumber.</summary>
[GenerateSerializer, Alias("UserState")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ApplicationKind Application { get; set; }
    [Id(2)] public string? Username { get; set; }
    [Id(3)] public string Email { get; set; } = "";
    [Id(4)] public string PasswordHash { get; set; } = "";
    [Id(5)] public List<string> Roles { get; set; } = [];
    [Id(6)] public bool Enabled { get; set; }
    [Id(7)] public int FailedAttempts { get; set; }
    [Id(8)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(9)] public long Epoch { get; set; }
    // [Id(10)] was CreatedAt, written and never read: retired, never to be reused.

    /// <summary>Locked by an administrator until unlocked (§5); apart from the automatic lockout in <see cref="LockedUntil"/>.</summary>
    [Id(11)] public bool AdminLocked { get; set; }
}
