namespace OroOrleans.Silo.Hosting;

/// <summary>
/// The public addresses Kestrel binds (<c>urls</c>: <c>ASPNETCORE_URLS</c>, <c>--urls</c>), checked before the host
/// is built (§9.3). Unchecked, Kestrel reads <c>http://127.0.0.1:abc</c> as port 80 on every interface, and refuses
/// a wrong scheme only after the co-hosted silo has started.
/// </summary>
public static class ServerUrls
{
    public const string Key = "urls";

    /// <summary>Throws a start-up failure naming <c>urls</c> for the first entry Kestrel would misread or refuse.</summary>
    public static void Validate(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsServerUrl(url))
            {
                throw new StartupConfigurationException($"{Key}: '{url}' is not an http(s) address with an optional port and no path, like http://127.0.0.1:5080");
            }
        }
    }

    /// <summary>The ports the addresses listen on: the one each names, else its scheme's.</summary>
    public static IReadOnlyCollection<int> Ports(string? urls) =>
        [.. (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(WildcardAsName(url), UriKind.Absolute, out var uri) ? uri.Port : -1)
            .Where(port => port > 0)];

    /// <summary>An address as Kestrel takes it: <c>http(s)://host[:port]</c>, the host a name, an IP, <c>*</c> or <c>+</c>.</summary>
    public static bool IsServerUrl(string url)
    {
        return Uri.TryCreate(WildcardAsName(url), UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0 && uri.UserInfo.Length == 0
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            && !url.Contains('?', StringComparison.Ordinal) && !url.Contains('#', StringComparison.Ordinal);
    }

    /// <summary>Kestrel's wildcard hosts (<c>*</c>, <c>+</c>) written as a name, which <see cref="Uri"/> can read.</summary>
    private static string WildcardAsName(string url) =>
        url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
}
