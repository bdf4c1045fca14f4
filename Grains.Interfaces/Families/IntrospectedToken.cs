namespace OroOrleans.Grains.Interfaces;

/// <summary>An active token as introspection describes it (RFC 7662 §2.2).</summary>
/// <param name="ClientId">The client it was issued to.</param>
/// <param name="Subject">The <c>sub</c> claim.</param>
/// <param name="Scope">The granted scope (space-separated, may be empty).</param>
/// <param name="Application">Back-office or storefront.</param>
/// <param name="IssuedAt">The <c>iat</c>.</param>
/// <param name="ExpiresAt">The <c>exp</c>.</param>
[GenerateSerializer, Immutable, Alias("IntrospectedToken")]
public sealed record IntrospectedToken(
    string ClientId,
    string Subject,
    string Scope,
    ApplicationKind Application,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
