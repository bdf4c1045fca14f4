namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// RFC 9110 §9.3.2: HEAD is answered wherever GET is, with GET's status and headers and no body. Minimal APIs map
/// GET alone, so HEAD was a 405 everywhere; a HEAD is routed as the GET it asks about, and Kestrel, which still
/// knows the request line said HEAD, sends no body.
/// </summary>
public static class HeadRequests
{
    /// <summary>Routes HEAD as GET, ahead of the whole pipeline (routing included, which a startup filter precedes).</summary>
    public static IServiceCollection AddHeadAsGet(this IServiceCollection services) =>
        services.AddTransient<IStartupFilter, HeadAsGetFilter>();

    private sealed class HeadAsGetFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (HttpMethods.IsHead(http.Request.Method))
                {
                    http.Request.Method = HttpMethods.Get;
                }

                return nextMiddleware(http);
            });
            next(app);
        };
    }
}
