namespace OroOrleans.Grains.Tokens;

/// <summary>Where a refresh token stands in its family.</summary>
/// <param name="FamilyId">The family (32 hex digits).</param>
/// <param name="Generation">0 at login, +1 per rotation.</param>
/// <param name="IssuedAt">When the family started; its absolute lifetime counts from here.</param>
public sealed record RefreshFamilyPosition(string FamilyId, long Generation, DateTimeOffset IssuedAt);
