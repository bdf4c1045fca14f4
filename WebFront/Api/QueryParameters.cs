namespace OroOrleans.WebFront.Api;

/// <summary>
/// The query parameters a resource route reads, and nothing else. JSON:API: a server MUST answer 400 to an
/// <c>include</c> or <c>sort</c> it does not support; a <c>filter[…]</c> it ignored would hand the whole list to a
/// client that believes it filtered, so every other parameter is refused the same way, named in
/// <c>source.parameter</c>, on every route of the resource APIs: a route declares what it reads with
/// <see cref="Takes{TBuilder}"/> and takes none otherwise. One name is let through everywhere: <c>_</c>, the cache
/// buster a browser library appends to a GET (jQuery's <c>cache: false</c>), which no client reads as a request.
/// </summary>
public static class QueryParameters
{
    /// <summary>The parameter every route lets through.</summary>
    public const string CacheBuster = "_";

    /// <summary>Declares the query parameters <paramref name="endpoint"/> reads; any other is refused.</summary>
    public static TBuilder Takes<TBuilder>(this TBuilder endpoint, params string[] names)
        where TBuilder : IEndpointConventionBuilder => endpoint.WithMetadata(new Supported(names));

    /// <summary>
    /// Refuses, on every route of <paramref name="group"/>, a query parameter the route does not declare. Add it after
    /// the group's own checks: a request without a token, or without the role, is told that first.
    /// </summary>
    public static RouteGroupBuilder RefusingUndeclaredQueryParameters(this RouteGroupBuilder group) =>
        group.AddEndpointFilter((context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.QueryString.HasValue
                && Unsupported(http.Request, http.GetEndpoint()?.Metadata.GetMetadata<Supported>()?.Names ?? []) is { } refused)
            {
                return ValueTask.FromResult<object?>(refused);
            }

            return next(context);
        });

    /// <summary>A <c>400 bad request</c> naming the first parameter not in <paramref name="supported"/>, or null.</summary>
    private static IResult? Unsupported(HttpRequest request, IReadOnlyList<string> supported)
    {
        foreach (var (name, _) in request.Query)
        {
            if (name != CacheBuster && !supported.Contains(name, StringComparer.Ordinal))
            {
                var takes = supported.Count == 0 ? "no query parameters" : string.Join(", ", supported);
                return JsonApi.Error(StatusCodes.Status400BadRequest, "bad request", $"'{name}' is not supported here; this address takes {takes}.", parameter: name);
            }
        }

        return null;
    }

    /// <summary>The endpoint metadata <see cref="Takes{TBuilder}"/> adds.</summary>
    private sealed record Supported(string[] Names);
}
