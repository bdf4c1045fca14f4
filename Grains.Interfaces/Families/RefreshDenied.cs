namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// A refused refresh that revoked something, e.g. reuse of a consumed refresh token (§3): the front end applies
/// the facts before it answers, then answers as for <see cref="TokenDenied"/>.
/// </summary>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Revocations">Facts to apply at once on the answering front end.</param>
[GenerateSerializer, Immutable, Alias("RefreshDenied")]
public sealed record RefreshDenied(DenialReason Reason, IReadOnlyList<RevocationFact> Revocations) : TokenOutcome;
