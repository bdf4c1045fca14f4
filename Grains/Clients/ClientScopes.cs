namespace OroOrleans.Grains.Clients;

/// <summary>
/// §2.2: the <c>scope</c> a client may request. Absent or empty asks for nothing and is always granted (Oro's clients
/// send none); otherwise every space-delimited scope (RFC 6749 §3.3) must be on the client's <c>allowedScopes</c>.
/// </summary>
public static class ClientScopes
{
    /// <summary>
    /// The scope to grant (the requested scopes, each once, in request order, single spaces; empty when none was
    /// asked for), or the first scope refused. <c>Refused</c> is the empty string when the refused scope is not a
    /// well-formed scope token, so that nothing malformed is echoed.
    /// </summary>
    public static (string? Granted, string? Refused) Check(string? requested, IReadOnlyList<string>? allowed)
    {
        var scopes = (requested ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var scope in scopes)
        {
            if (allowed is null || !allowed.Contains(scope, StringComparer.Ordinal))
            {
                return (null, ClientRules.IsScopeToken(scope) ? scope : "");
            }
        }

        return (string.Join(' ', scopes), null);
    }
}
