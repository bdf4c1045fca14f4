using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>Who a token is for: everything a token's claims say beyond times and ids.</summary>
/// <param name="Client">The client the token is issued to.</param>
/// <param name="Subject">The <c>sub</c> claim.</param>
/// <param name="UserId">The account id, or null.</param>
/// <param name="UserEpoch">The account's epoch, or null.</param>
/// <param name="Scope">The granted scope.</param>
public sealed record TokenSubject(ClientRegistration Client, string Subject, string? UserId, long? UserEpoch, string Scope);
