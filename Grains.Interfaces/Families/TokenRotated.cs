namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// A successful refresh (§3): the new pair, and the revocation facts the rotation produced (the consumed
/// generation's access token is superseded), which the front end applies to its view before it answers.
/// </summary>
/// <param name="Issued">The new access and refresh token.</param>
/// <param name="Revocations">Facts to apply at once on the answering front end.</param>
[GenerateSerializer, Immutable, Alias("TokenRotated")]
public sealed record TokenRotated(TokenIssued Issued, IReadOnlyList<RevocationFact> Revocations) : TokenOutcome;
