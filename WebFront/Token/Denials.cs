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
    public static TimeSpan? RetryAfter(TokenDenied denied) =>
        denied.Reason == DenialReason.Overloaded || IsOfANewerRelease(denied.Reason) ? ClusterFaults.RetryAfter : null;

    /// <summary>A reason this front end's release does not know: a newer silo's, during a rolling upgrade.</summary>
    public static bool IsOfANewerRelease(DenialReason reason) => !Enum.IsDefined(reason);

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
        // A reason of this release without its line above: a bug of ours.
        _ when !IsOfANewerRelease(reason) => OAuthError.ServerError,
        // A reason this front end does not know: a silo of a newer release during a rolling upgrade (silos are
        // upgraded first). The request was refused for a reason we cannot name, and not by a bug of ours: a 503 with
        // Retry-After sends the client back, by then to an upgraded front end that names it, where a 500 would end
        // the login (Overloaded, reason 9, was such a 500 on front ends of before it).
        _ => OAuthError.TemporarilyUnavailable,
    };
}
