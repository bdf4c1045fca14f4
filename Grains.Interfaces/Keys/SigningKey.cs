namespace OroOrleans.Grains.Interfaces;

/// <summary>An asymmetric signing key of the ring, private part included. Never leaves the silos.</summary>
/// <param name="Kid">Key id, published in the JWKS and in every token header.</param>
/// <param name="Algorithm">JWS algorithm: <c>RS256</c> or <c>ES256</c>.</param>
/// <param name="PrivateKeyPkcs8">The private key, PKCS#8 DER.</param>
/// <param name="CreatedAt">When the key was generated.</param>
/// <param name="ActivatedAt">When it started signing; null while it is the next key.</param>
/// <param name="RetiredAt">When it stopped signing; null while next or active.</param>
[GenerateSerializer, Immutable, Alias("SigningKey")]
public sealed record SigningKey(
    string Kid,
    string Algorithm,
    byte[] PrivateKeyPkcs8,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt);
