namespace OroOrleans.Grains.Interfaces;

/// <summary>An administrator's change to an OAuth client. Null members are left as they are.</summary>
/// <param name="Name">A new display name, or null.</param>
/// <param name="Active">Activate (true) or deactivate (false), or null. Deactivating revokes every token of the client (§4).</param>
[GenerateSerializer, Immutable, Alias("ClientChange")]
public sealed record ClientChange(string? Name, bool? Active);
