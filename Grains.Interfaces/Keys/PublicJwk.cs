namespace OroOrleans.Grains.Interfaces;

/// <summary>A public key as RFC 7517 publishes it. RSA keys fill <c>N</c>/<c>E</c>, EC keys <c>Crv</c>/<c>X</c>/<c>Y</c>.</summary>
/// <param name="Kid">Key id.</param>
/// <param name="Kty"><c>RSA</c> or <c>EC</c>.</param>
/// <param name="Alg">JWS algorithm.</param>
/// <param name="N">RSA modulus, base64url.</param>
/// <param name="E">RSA exponent, base64url.</param>
/// <param name="Crv">EC curve name.</param>
/// <param name="X">EC x coordinate, base64url.</param>
/// <param name="Y">EC y coordinate, base64url.</param>
[GenerateSerializer, Immutable, Alias("PublicJwk")]
public sealed record PublicJwk(string Kid, string Kty, string Alg, string? N, string? E, string? Crv, string? X, string? Y);
