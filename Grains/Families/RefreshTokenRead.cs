using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Families;

/// <summary>What <see cref="RefreshTokenReader"/> made of a presented refresh token: its claims or why not.</summary>
public sealed record RefreshTokenRead(RefreshTokenClaims? Claims, DenialReason Failure)
{
    public static RefreshTokenRead Fail(DenialReason reason) => new(null, reason);
}
