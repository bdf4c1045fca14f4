namespace OroOrleans.Grains.Interfaces;

/// <summary>A symmetric HS256 key for refresh tokens (§2.6). Never published, never leaves the silos.</summary>
/// <param name="Kid">Key id, in every refresh token's header.</param>
/// <param name="Secret">256 random bits.</param>
/// <param name="CreatedAt">When the key was generated.</param>
/// <param name="RetiredAt">When it stopped signing; null while active.</param>
[GenerateSerializer, Immutable, Alias("RefreshKey")]
public sealed record RefreshKey(string Kid, byte[] Secret, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);
