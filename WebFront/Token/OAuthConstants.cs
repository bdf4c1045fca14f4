namespace OroOrleans.WebFront.Token;

/// <summary>Protocol strings of the token endpoint, in one place (RFC 6749, RFC 7009, RFC 7662).</summary>
public static class OAuthConstants
{
    public const string TokenPath = "/oauth2-token";

    public static class Parameters
    {
        public const string GrantType = "grant_type";
        public const string ClientId = "client_id";
        public const string ClientSecret = "client_secret";
        public const string Username = "username";
        public const string Password = "password";
        public const string RefreshToken = "refresh_token";
        public const string Scope = "scope";
        public const string VisitorAccessToken = "visitor_access_token";
    }

    public static class Errors
    {
        public const string InvalidRequest = "invalid_request";
        public const string InvalidClient = "invalid_client";
        public const string InvalidGrant = "invalid_grant";
        public const string UnsupportedGrantType = "unsupported_grant_type";
        public const string InvalidScope = "invalid_scope";
        public const string ServerError = "server_error";
        public const string TemporarilyUnavailable = "temporarily_unavailable";

        /// <summary>Rate limited (§2.7). Not an RFC 6749 code: RFC 6749 has none for this; 429 tells clients what it means.</summary>
        public const string TooManyRequests = "too_many_requests";
    }

    public static class ContentTypes
    {
        public const string Json = "application/json";
        public const string Form = "application/x-www-form-urlencoded";
    }

    /// <summary>The largest token request body accepted (§2.1).</summary>
    public const int MaxBodyBytes = 16 * 1024;
}
