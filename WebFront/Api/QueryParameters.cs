namespace OroOrleans.WebFront.Api;

/// <summary>
/// The query parameters an endpoint reads, and nothing else. JSON:API: a server MUST answer 400 to an <c>include</c>
/// or <c>sort</c> it does not support; a <c>filter[…]</c> it ignored would hand the whole list to a client that
/// believes it filtered, so every other parameter is refused the same way, named in <c>source.parameter</c>.
/// </summary>
public static class QueryParameters
{
    /// <summary>A <c>400 bad request</c> naming the first parameter not in <paramref name="supported"/>, or null.</summary>
    public static IResult? Unsupported(HttpRequest request, params string[] supported)
    {
        foreach (var (name, _) in request.Query)
        {
            if (!supported.Contains(name, StringComparer.Ordinal))
            {
                var takes = supported.Length == 0 ? "no query parameters" : string.Join(", ", supported);
                return JsonApi.Error(StatusCodes.Status400BadRequest, "bad request", $"'{name}' is not supported here; this list takes {takes}.", parameter: name);
            }
        }

        return null;
    }
}
