using System.Text.Json;
using System.Text.Json.Serialization;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// Step four of the token endpoint, in one place: status, JSON body, <c>Cache-Control: no-store</c> and
/// <c>Pragma: no-cache</c> on every answer (RFC 6749 §5.1), <c>WWW-Authenticate</c> where §2.5 asks for it.
/// </summary>
public sealed class OAuthResult : IResult
{
    // The relaxed encoder writes "Check the `x` parameter" with real backticks instead of \u0060. Safe here: these
    // bodies are application/json answers to API clients, never embedded in HTML or script, and the encoder still
    // escapes quotes, backslashes and control characters, so the JSON stays valid whatever a parameter name holds.
    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly int status;
    private readonly object body;
    private readonly Action<HttpResponse>? headers;

    private OAuthResult(int status, object body, Action<HttpResponse>? headers)
    {
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public bool IsSuccess => status == StatusCodes.Status200OK;

    public static OAuthResult Success(object body) => new(StatusCodes.Status200OK, body, null);

    public static OAuthResult Error(OAuthError error, bool usedAuthorizationHeader, TimeSpan? retryAfter = null) =>
        new(error.Status, error, response =>
        {
            if (error.Status == StatusCodes.Status401Unauthorized && usedAuthorizationHeader)
            {
                response.Headers.WWWAuthenticate = "Basic realm=\"OAuth\"";
            }

            if (retryAfter is { } wait)
            {
                response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });

    /// <summary>An error with a status of its own (405, 429) but the OAuth body.</summary>
    public static OAuthResult Error(int status, OAuthError error, Action<HttpResponse> headers) => new(status, error, headers);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        headers?.Invoke(response);
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Json, httpContext.RequestAborted);
    }
}
