namespace OroOrleans.Grains.Interfaces;

/// <summary>A refused grant; the front end turns the reason into the OAuth error of §2.5.</summary>
/// <param name="Reason">Why it was refused.</param>
[GenerateSerializer, Immutable, Alias("TokenDenied")]
public sealed record TokenDenied(DenialReason Reason) : TokenOutcome;
