namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// A standalone server names itself after the address it serves (§6's <c>iss</c>, the metadata's URLs) unless
/// <c>Tokens:Issuer</c> is set: one started with <c>--urls http://127.0.0.1:6001</c> must not call itself
/// <c>http://localhost:5080</c>. In cluster mode the silos sign, so front ends and silos share a configured issuer.
/// </summary>
public static class IssuerDefaults
{
    public const string Key = "Tokens:Issuer";

    public static WebApplicationBuilder UseServedAddressAsIssuer(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[Key]))
        {
            return builder;
        }

        // ASPNETCORE_URLS, --urls or launchSettings' applicationUrl all land in "urls"; Kestrel's default otherwise.
        var first = (builder.Configuration["urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var url))
        {
            return builder;
        }

        var host = url.Host is "0.0.0.0" or "[::]" ? "localhost" : url.Host;
        builder.Configuration[Key] = new UriBuilder(url.Scheme, host, url.Port).Uri.ToString().TrimEnd('/');
        return builder;
    }
}
