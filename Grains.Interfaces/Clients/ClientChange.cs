namespace OroOrleans.Grains.Interfaces;

/// <summary>An administrator's change to an OAuth client. Null members are left as they are.</summary>
/// <param name="Name">A new display name, or null.</param>
/// <param name="Active">Activate (true) or deactivate (false), or null. Deactivating revokes every token of the client (§4).</param>
/// <param name="Grants">The new grant list, or null.</param>
/// <param name="OwnerUserId">A new owner user id (for <c>client_credentials</c>), or null.</param>
/// <param name="AllowedScopes">The new list of allowed scopes, or null.</param>
[GenerateSerializer, Immutable, Alias("ClientChange")]
public sealed record ClientChange(
    string? Name,
    bool? Active,
    IReadOnlyList<string>? Grants = null,
    string? OwnerUserId = null,
    IReadOnlyList<string>? AllowedScopes = null);
