using System.Text.Json;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Reads a JSON:API request document (<c>{"data":{"type":…,"id":…,"attributes":{…}}}</c>) and checks its shape:
/// the type and id match the endpoint, only known attributes, each of the expected JSON kind. Every problem is
/// one JSON:API error whose <c>source.pointer</c> names the member (RFC 6901).
/// </summary>
public sealed class JsonApiInput
{
    /// <summary>Larger bodies are refused, reading no further than one byte past it; no administration document comes near it.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private readonly Dictionary<string, JsonElement> attributes;

    private JsonApiInput(Dictionary<string, JsonElement> attributes) => this.attributes = attributes;

    /// <summary>
    /// Reads the document. <paramref name="id"/> is the route's id for PATCH (the document's must match) or null
    /// for POST (the server assigns ids). <paramref name="schema"/> lists the allowed attributes and their kinds.
    /// </summary>
    public static async Task<(JsonApiInput? Input, IResult? Error)> Read(HttpRequest request, string type, string? id, IReadOnlyDictionary<string, JsonValueKind> schema)
    {
        if (JsonBodyType.Refusal(request.ContentType) is { } refused)
        {
            return (null, refused);
        }

        using var body = await RequestJson.Read(request, MaxBodyBytes, maxDepth: 64, request.HttpContext.RequestAborted);
        switch (body.Outcome)
        {
            case RequestJsonOutcome.TooLarge:
                return (null, Invalid("", $"The document is too large: at most {MaxBodyBytes / 1024} KiB."));
            case RequestJsonOutcome.Unreadable:
                return (null, body.UnreadableError("invalid document"));
            case RequestJsonOutcome.NotJson:
                return (null, Invalid("", "The body is not a JSON document."));
            case RequestJsonOutcome.Duplicate:
                return (null, Invalid(body.Pointer!, "A member appears more than once in its object; send each once."));
        }

        var document = body.Document!;
        try
        {
            return Check(document.RootElement, type, id, schema);
        }
        catch (InvalidOperationException)
        {
            // A member name, type or id that is not valid UTF-16 (a lone surrogate): never a 500.
            return (null, Invalid("/data", "The document holds text that is not valid Unicode (a lone surrogate?)."));
        }
    }

    /// <summary>The string value of an attribute, or null when absent.</summary>
    public string? String(string name) => attributes.TryGetValue(name, out var value) ? value.GetString() : null;

    /// <summary>The boolean value of an attribute, or null when absent.</summary>
    public bool? Boolean(string name) => attributes.TryGetValue(name, out var value) ? value.GetBoolean() : null;

    /// <summary>The strings of an array attribute, or null when absent.</summary>
    public IReadOnlyList<string>? Strings(string name) =>
        attributes.TryGetValue(name, out var value) ? value.EnumerateArray().Select(e => e.GetString()!).ToArray() : null;

    /// <summary>Whether the document carries the attribute (a required one is checked with this).</summary>
    public bool Has(string name) => attributes.ContainsKey(name);

    /// <summary>A 400 JSON:API error naming <paramref name="pointer"/>.</summary>
    public static IResult Invalid(string pointer, string detail) =>
        JsonApi.Error(StatusCodes.Status400BadRequest, "invalid document", detail, pointer);

    /// <summary>The pointer of an attribute.</summary>
    public static string Pointer(string attribute) => "/data/attributes/" + attribute;

    private static (JsonApiInput?, IResult?) Check(JsonElement root, string type, string? id, IReadOnlyDictionary<string, JsonValueKind> schema)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid("", "The document must be a JSON object."));
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid("/data", "The document must have a 'data' object."));
        }

        foreach (var member in data.EnumerateObject())
        {
            if (member.Name is not ("type" or "id" or "attributes" or "meta"))
            {
                return (null, Invalid("/data/" + member.Name, $"'{member.Name}' is not supported here."));
            }
        }

        // JSON:API: a type or id the endpoint does not serve is a conflict (409).
        if (!data.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
        {
            return (null, Invalid("/data/type", "'type' is required."));
        }

        if (typeValue.GetString() != type)
        {
            return (null, JsonApi.Error(StatusCodes.Status409Conflict, "type mismatch", $"'type' must be '{type}'.", "/data/type"));
        }

        var hasId = data.TryGetProperty("id", out var idValue);
        if (id is null && hasId)
        {
            return (null, JsonApi.Error(StatusCodes.Status403Forbidden, "client-generated id", "Ids are assigned by the server; leave out 'id'.", "/data/id"));
        }

        if (id is not null && (!hasId || idValue.ValueKind != JsonValueKind.String))
        {
            return (null, Invalid("/data/id", "'id' is required and must be a string."));
        }

        if (id is not null && idValue.GetString() != id)
        {
            return (null, JsonApi.Error(StatusCodes.Status409Conflict, "id mismatch", $"'id' must be '{id}', the id in the URL.", "/data/id"));
        }

        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!data.TryGetProperty("attributes", out var attributeObject))
        {
            return (new JsonApiInput(attributes), null);
        }

        if (attributeObject.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid("/data/attributes", "'attributes' must be an object."));
        }

        foreach (var attribute in attributeObject.EnumerateObject())
        {
            var pointer = Pointer(attribute.Name);
            if (!schema.TryGetValue(attribute.Name, out var kind))
            {
                return (null, Invalid(pointer, $"Unknown attribute '{attribute.Name}'."));
            }

            if (!HasKind(attribute.Value, kind))
            {
                return (null, Invalid(pointer, $"'{attribute.Name}' must be {Describe(kind)}."));
            }

            if (!IsText(attribute.Value))
            {
                return (null, Invalid(pointer, $"'{attribute.Name}' is not valid Unicode text (a lone surrogate?)."));
            }

            attributes[attribute.Name] = attribute.Value.Clone();
        }

        return (new JsonApiInput(attributes), null);
    }

    // Strings (alone or in an array) must transcode: "\ud800" parses as JSON but is no text.
    private static bool IsText(JsonElement value)
    {
        try
        {
            _ = value.ValueKind == JsonValueKind.String ? value.GetString()
                : value.ValueKind == JsonValueKind.Array ? string.Concat(value.EnumerateArray().Select(e => e.GetString()))
                : null;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool HasKind(JsonElement value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        JsonValueKind.Array => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String),
        _ => value.ValueKind == kind,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "an array of strings",
        JsonValueKind.String => "a string",
        _ => kind.ToString(),
    };
}
