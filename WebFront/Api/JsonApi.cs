using System.Text.Json;
using System.Text.Json.Serialization;

namespace OroOrleans.WebFront.Api;

/// <summary>JSON:API documents (<c>application/vnd.api+json</c>) for the resource APIs (§7).</summary>
public static class JsonApi
{
    public const string MediaType = "application/vnd.api+json";

    // Relaxed escaping, as the OAuth bodies (OAuthResult): "No users with id 'x'." keeps its quotes instead of
    // \u0027. These are JSON answers to API clients, never embedded in HTML; quotes, backslashes and control
    // characters are still escaped, so the JSON stays valid.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IResult Document(object data, int status = StatusCodes.Status200OK, Links? links = null) =>
        TypedResults.Json(new DataDocument(data, links), Json, MediaType, status);

    public static IResult Error(int status, string title, string detail, string? pointer = null, string? parameter = null) =>
        TypedResults.Json(new ErrorDocument([new ErrorObject(status.ToString(System.Globalization.CultureInfo.InvariantCulture), title, detail,
            pointer is null && parameter is null ? null : new ErrorSource(pointer, parameter))]), Json, MediaType, status);

    public static IResult NotFound(string type, string id) => Error(StatusCodes.Status404NotFound, "not found", $"No {type} with id '{id}'.");

    public sealed record DataDocument(object Data, Links? Links = null);

    /// <summary>Document links: <c>next</c>, the next page of a list.</summary>
    public sealed record Links(string? Next);

    public sealed record Resource(string Type, string Id, object Attributes);

    public sealed record ErrorDocument(IReadOnlyList<ErrorObject> Errors);

    public sealed record ErrorObject(string Status, string Title, string Detail, ErrorSource? Source);

    public sealed record ErrorSource(string? Pointer, string? Parameter = null);
}
