using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Token;

/// <summary>Turns a grain's <see cref="DenialReason"/> into the error of §2.5's table.</summary>
public static class Denials
{
    public static OAuthError ToError(TokenDenied denied) => denied.Reason == DenialReason.InvalidScope
        ? OAuthError.InvalidScope(denied.Detail)
        : ToError(denied.Reason);

    /// <summary>
    /// The Retry-After of a refusal that is an unavailability (§2.5: 503 <c>temporarily_unavailable</c>): the same as
    /// for a cluster fault; null for every refusal of the request itself.
    /// </summary>
    public static TimeSpan? RetryAfter(TokenDenied denied) => denied.Reason == DenialReason.Overloaded ? ClusterFaults.RetryAfter : null;

    public static OAuthError ToError(DenialReason reason) => reason switch
    {
        DenialReason.InvalidClient => OAuthError.InvalidClient,
        DenialReason.InvalidCredentials => OAuthError.InvalidCredentials,
        DenialReason.AccountDisabled => OAuthError.InvalidGrant("Account is disabled."),
        DenialReason.AccountLocked => OAuthError.InvalidGrant("Account is locked."),
        DenialReason.RefreshTokenUnreadable => OAuthError.InvalidRefreshToken("Cannot decrypt the refresh token"),
        DenialReason.RefreshTokenExpired => OAuthError.InvalidRefreshToken("Token has expired"),
        DenialReason.RefreshTokenRevoked => OAuthError.InvalidRefreshToken("Token has been revoked"),
        DenialReason.RefreshTokenWrongClient => OAuthError.InvalidRefreshToken("Token is not linked to client"),
        DenialReason.Overloaded => OAuthError.TemporarilyUnavailable,
        _ => OAuthError.ServerError,
    };
}
