using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Families;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Keys;
using OroOrleans.Grains.Revocation;
using OroOrleans.Grains.Users;
using OroOrleans.Grains.Visitors;

namespace OroOrleans.Tests.Silo.Storage;

/// <summary>
/// One sample of every persisted state type, with every member set, as the golden payloads under
/// <c>Golden/</c> hold them. Changing a sample means writing new golden files, never editing old ones.
/// </summary>
public static class GoldenStates
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 12, 30, 15, 250, TimeSpan.Zero);

    /// <summary>The samples by file name stem.</summary>
    public static IReadOnlyDictionary<string, object> Samples { get; } = new Dictionary<string, object>
    {
        ["ClientState"] = new ClientState
        {
            Exists = true,
            Name = "Storefront app",
            SecretDigest = [1, 2, 3, 250],
            Grants = ["password", "refresh_token"],
            Frontend = true,
            OwnerUserId = "42",
            Active = true,
            Version = 7,
            IssuedByGrant = new() { ["password"] = 12, ["refresh_token"] = 3 },
            LastUsedAt = At.AddHours(2),
            CreatedAt = At,
        },
        ["RefreshFamilyState"] = new RefreshFamilyState
        {
            Generation = 4,
            Revoked = true,
            ClientId = "client-1",
            FamilyExpiresAt = At.AddDays(30),
            NewestAccessExpiresAt = At.AddHours(1),
        },
        ["KeyRingState"] = new KeyRingState
        {
            Version = 3,
            SigningKeys = [new SigningKey("sig-1", "RS256", [9, 8, 7], At, At.AddMinutes(1), null), new SigningKey("sig-0", "RS256", [6, 5], At.AddDays(-40), At.AddDays(-40), At)],
            ActiveSigningKid = "sig-1",
            RefreshKeys = [new RefreshKey("ref-1", [4, 4, 4], At, null)],
            ActiveRefreshKid = "ref-1",
        },
        ["RevocationLedgerState"] = new RevocationLedgerState
        {
            Facts = [new RevocationFact(RevocationKind.User, "42", 5, At.AddHours(1)), new RevocationFact(RevocationKind.Token, "jti-1", 0, At)],
        },
        ["LoginNameState"] = new LoginNameState { UserId = "42" },
        ["UserDirectoryState"] = new UserDirectoryState { Ids = ["1", "42"] },
        ["UserState"] = new UserState
        {
            Exists = true,
            Application = ApplicationKind.Storefront,
            Username = "jane",
            Email = "jane@example.com",
            PasswordHash = "AQAAAAIAAYagAAAAEJ",
            Roles = ["ROLE_USER"],
            Enabled = true,
            FailedAttempts = 2,
            LockedUntil = At.AddMinutes(15),
            Epoch = 6,
        },
        ["ShoppingListState"] = new ShoppingListState
        {
            Items = [new ShoppingListItem("SKU-1", 2), new ShoppingListItem("SKU-2", 10)],
            MovedTo = "customer-42",
            ReceivedFrom = ["visitor-a"],
        },
    };

    /// <summary>The golden directory in the source tree.</summary>
    public static string Directory => Path.Combine(Infrastructure.RepositoryPaths.Root, "Tests", "Silo", "Storage", "Golden");
}
