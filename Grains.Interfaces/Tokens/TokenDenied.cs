namespace OroOrleans.Grains.Interfaces;

/// <summary>A refused grant; the front end turns the reason into the OAuth error of §2.5.</summary>
/// <param name="Reason">Why it was refused.</param>
/// <param name="Detail">What the refusal names, where §2.5 names something: the refused scope of
/// <see cref="DenialReason.InvalidScope"/> (empty when it was not a well-formed scope token).</param>
/// <param name="AnswerAfter">How long the front end waits before answering, so that a refusal given without
/// computing a password hash takes as long as one that computed it (§5); zero for every other refusal. The front end
/// waits without a thread; the grains never do.</param>
[GenerateSerializer, Immutable, Alias("TokenDenied")]
public sealed record TokenDenied(DenialReason Reason, string? Detail = null, TimeSpan AnswerAfter = default) : TokenOutcome;
