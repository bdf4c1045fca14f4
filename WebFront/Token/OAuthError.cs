using System.Text.Json.Serialization;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// The one error type of the token endpoint (§2.5): <c>error</c>, <c>error_description</c>, <c>hint</c> when there
/// is one, and <c>message</c>, which repeats the description because Oro clients read it.
/// </summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string Description,
    [property: JsonPropertyName("hint"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Hint)
{
    [JsonPropertyName("message")]
    public string Message => Description;

    /// <summary>The one switch from error to HTTP status (§2.5).</summary>
    [JsonIgnore]
    public int Status => Error switch
    {
        Errors.InvalidClient => StatusCodes.Status401Unauthorized,
        Errors.ServerError => StatusCodes.Status500InternalServerError,
        Errors.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
        Errors.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <remarks>
    /// The name comes from the request (a parameter sent twice), and the hint goes to the log as well as to the
    /// client (§8): a name that is not a plain one (letters, digits, <c>_ - . [ ]</c>, at most 64) is named by a
    /// short hash, so newlines and escape codes in it can neither forge log lines nor fill them.
    /// </remarks>
    public static OAuthError MissingParameter(string name) => new(Errors.InvalidRequest,
        "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.",
        $"Check the `{(IsPlainName(name) ? name : LoggedClientId.Malformed(name))}` parameter");

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '[' or ']');

    public static OAuthError MalformedRequest(string hint) => new(Errors.InvalidRequest,
        "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.",
        hint);

    public static readonly OAuthError UnsupportedGrantType = new(Errors.UnsupportedGrantType,
        "The authorization grant type is not supported by the authorization server.",
        "Check that all required parameters have been provided");

    public static readonly OAuthError InvalidClient = new(Errors.InvalidClient, "Client authentication failed", null);

    public static readonly OAuthError InvalidCredentials = new(Errors.InvalidGrant, "The user credentials were incorrect.", null);

    public static OAuthError InvalidGrant(string hint) => new(Errors.InvalidGrant,
        "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
        hint);

    /// <summary>§2.2: a requested scope the client may not have; the hint names it when it is a well-formed scope token.</summary>
    public static OAuthError InvalidScope(string? scope) => new(Errors.InvalidScope,
        "The requested scope is invalid, unknown, or malformed",
        string.IsNullOrEmpty(scope) ? "Check the `scope` parameter" : $"Check the `{scope}` scope");

    public static OAuthError InvalidRefreshToken(string hint) => new(Errors.InvalidGrant, "The refresh token is invalid.", hint);

    public static readonly OAuthError ServerError = new(Errors.ServerError,
        "The authorization server encountered an unexpected condition which prevented it from fulfilling the request.", null);

    public static readonly OAuthError TemporarilyUnavailable = new(Errors.TemporarilyUnavailable,
        "The authorization server is currently unable to handle the request due to a temporary overloading or maintenance of the server.", null);

    public static readonly OAuthError TooManyRequests = new(Errors.TooManyRequests,
        "Too many requests from this address. Try again later.", "Wait for the time given in Retry-After");
}
