using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Tokens;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// What a client registration must satisfy (§2.2, §5), checked on every creation and change whoever asks (the
/// administration API, the silo's <c>clients</c> command): the first problem found, naming the member, or null.
/// </summary>
public static class ClientRules
{
    public const int MaxNameLength = 255;
    public const int MaxScopes = 100;
    public const int MaxScopeLength = 100;

    public static ClientProblem? Check(string name, IReadOnlyList<string> grants, bool frontend, string? ownerUserId, IReadOnlyList<string> scopes)
    {
        if (CheckName(name) is { } problem)
        {
            return problem;
        }

        if (grants.Count == 0)
        {
            return new("grants", "A client needs at least one grant.");
        }

        if (grants.FirstOrDefault(g => !GrantTypes.Registrable.Contains(g)) is { } unknown)
        {
            return new("grants", $"'{unknown}' is not one of: {string.Join(", ", GrantTypes.Registrable)}.");
        }

        if (grants.Distinct(StringComparer.Ordinal).Count() != grants.Count)
        {
            return new("grants", "A grant is listed twice.");
        }

        // §2.2: a storefront client that serves guests ships its secret to every browser, so it must not also act
        // as its owner customer.
        if (frontend && grants.Contains(GrantTypes.Password) && grants.Contains(GrantTypes.ClientCredentials))
        {
            return new("grants", "A storefront client holds either password or client_credentials, not both.");
        }

        if (grants.Contains(GrantTypes.ClientCredentials) && string.IsNullOrEmpty(ownerUserId))
        {
            return new("owner", "The client_credentials grant needs an owner user.");
        }

        if (scopes.Count > MaxScopes)
        {
            return new("allowedScopes", $"At most {MaxScopes} scopes.");
        }

        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
        if (scopes.FirstOrDefault(s => s.Length is 0 or > MaxScopeLength || !s.All(IsScopeChar)) is { } bad)
        {
            return new("allowedScopes", $"'{bad}' is not a scope token (RFC 6749 §3.3: 1 to {MaxScopeLength} printable ASCII characters, no space, quote or backslash).");
        }

        return null;
    }

    /// <summary>
    /// 1 to <see cref="MaxNameLength"/> characters under §5's text rule for usernames (<see cref="AccountText"/>):
    /// a name is shown to administrators and written to logs, so a NUL, a newline or a right-to-left override
    /// in it could cut or disguise what they read.
    /// </summary>
    public static ClientProblem? CheckName(string name) =>
        name.Trim().Length == 0 || name.Length > MaxNameLength ? new("name", $"The name must have 1 to {MaxNameLength} characters.")
        : AccountText.Normalize(name) is null ? new("name", "The name must not contain control, format (zero-width, bidirectional), line or paragraph separator, private-use or unassigned characters, nor an unpaired surrogate.")
        : null;

    /// <summary>Whether <paramref name="scope"/> is one RFC 6749 §3.3 scope-token of at most <see cref="MaxScopeLength"/> characters.</summary>
    public static bool IsScopeToken(string scope) => scope.Length is > 0 and <= MaxScopeLength && scope.All(IsScopeChar);

    private static bool IsScopeChar(char c) => c is '\x21' or (>= '\x23' and <= '\x5B') or (>= '\x5D' and <= '\x7E');
}
