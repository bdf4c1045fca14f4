namespace OroOrleans.WebFront.Api;

/// <summary>
/// The media types a JSON request body may carry on the resource APIs: JSON:API's or <c>application/json</c>, type and
/// subtype in any letter case (RFC 9110 §8.3.1), in UTF-8 (RFC 8259 §8.1), the only encoding the body is read in. A
/// <c>charset</c> other than UTF-8 (or its subset US-ASCII) is refused: read as UTF-8, a Latin-1 <c>é</c> would become
/// U+FFFD and be stored. Other parameters are not read.
/// </summary>
public static class JsonBodyType
{
    private static readonly string[] Utf8Names = ["utf-8", "utf8", "us-ascii"];

    /// <summary>A <c>415 unsupported media type</c> for a body that is not UTF-8 JSON, or null.</summary>
    public static IResult? Refusal(string? contentType)
    {
        var parts = (contentType ?? "").Split(';', StringSplitOptions.TrimEntries);
        if (!string.Equals(parts[0], JsonApi.MediaType, StringComparison.OrdinalIgnoreCase) && !string.Equals(parts[0], "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return JsonApi.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported media type", $"Send {JsonApi.MediaType} or application/json.");
        }

        foreach (var parameter in parts.AsSpan(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(parameter[..equals].Trim(), "charset", StringComparison.OrdinalIgnoreCase)
                && !Utf8Names.Contains(parameter[(equals + 1)..].Trim().Trim('"'), StringComparer.OrdinalIgnoreCase))
            {
                return JsonApi.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported media type", "The body is read as UTF-8 only: send it in UTF-8, with charset=utf-8 or no charset.");
            }
        }

        return null;
    }
}
