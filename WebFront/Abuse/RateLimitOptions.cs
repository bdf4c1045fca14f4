using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace OroOrleans.WebFront.Abuse;

/// <summary>
/// The budgets of §2.7, per client address per minute unless said otherwise. Section <c>RateLimits</c>. Budgets are
/// kept per front end: N front ends allow N times each budget.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Whether the limits apply. Default true; switch off behind a gateway that limits already (or for benchmarks).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Guest logins (<c>guest</c>/<c>guest</c>) per client address per minute. Default 600.</summary>
    [Range(1, 10_000_000)]
    public int GuestPerIpPerMinute { get; set; } = 600;

    /// <summary>
    /// Other password-grant attempts per client address per minute, right or wrong. Default 60: far above what people
    /// type, far below what a password-guessing script wants; per-account lockout (§5) covers slow guessing.
    /// </summary>
    [Range(1, 10_000_000)]
    public int PasswordPerIpPerMinute { get; set; } = 60;

    /// <summary>Refresh grants per client address per minute. Default 600.</summary>
    [Range(1, 10_000_000)]
    public int RefreshPerIpPerMinute { get; set; } = 600;

    /// <summary>Revocation and introspection requests together, per client address per minute. Default 600.</summary>
    [Range(1, 10_000_000)]
    public int RevokeIntrospectPerIpPerMinute { get; set; } = 600;

    /// <summary>
    /// Requests that fail client authentication, per client address per minute. Default 60. A budget of its own:
    /// made-up client ids never spend another budget (and so never block the address's logins).
    /// </summary>
    [Range(1, 10_000_000)]
    public int FailedClientAuthenticationPerIpPerMinute { get; set; } = 60;

    /// <summary>Client-credentials grants per client (not per address) per minute. Default 6,000.</summary>
    [Range(1, 10_000_000)]
    public int ClientCredentialsPerClientPerMinute { get; set; } = 6_000;

    /// <summary>
    /// Per-client overrides, <c>RateLimits:Clients:&lt;client id&gt;:&lt;budget&gt;</c> with a budget named as above
    /// (e.g. <c>GuestPerIpPerMinute</c>): a server-side storefront that logs guests in from one address needs more.
    /// </summary>
    public Dictionary<string, ClientRateLimitOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The permits per minute of a budget, for a client when it has an override.</summary>
    public int PermitsOf(RateLimitBudget budget, string? clientId)
    {
        var client = clientId is not null && Clients.TryGetValue(clientId, out var o) ? o : null;
        return budget switch
        {
            RateLimitBudget.Guest => client?.GuestPerIpPerMinute ?? GuestPerIpPerMinute,
            RateLimitBudget.Password => client?.PasswordPerIpPerMinute ?? PasswordPerIpPerMinute,
            RateLimitBudget.Refresh => client?.RefreshPerIpPerMinute ?? RefreshPerIpPerMinute,
            RateLimitBudget.RevokeIntrospect => client?.RevokeIntrospectPerIpPerMinute ?? RevokeIntrospectPerIpPerMinute,
            RateLimitBudget.ClientCredentials => client?.ClientCredentialsPerClientPerMinute ?? ClientCredentialsPerClientPerMinute,
            _ => FailedClientAuthenticationPerIpPerMinute,
        };
    }
}

/// <summary>One client's overrides of <see cref="RateLimitOptions"/>; null keeps the default.</summary>
public sealed class ClientRateLimitOptions
{
    [Range(1, 10_000_000)]
    public int? GuestPerIpPerMinute { get; set; }

    [Range(1, 10_000_000)]
    public int? PasswordPerIpPerMinute { get; set; }

    [Range(1, 10_000_000)]
    public int? RefreshPerIpPerMinute { get; set; }

    [Range(1, 10_000_000)]
    public int? RevokeIntrospectPerIpPerMinute { get; set; }

    [Range(1, 10_000_000)]
    public int? ClientCredentialsPerClientPerMinute { get; set; }
}

/// <summary>
/// The attributes of <see cref="RateLimitOptions"/>, then each client's overrides, each failure named by its key
/// (<c>Clients:&lt;client id&gt;:&lt;budget&gt;</c>). The source-generated validator does not look into a dictionary's
/// values, not even with <c>[ValidateEnumeratedItems]</c> (dotnet/runtime#97873): an override of 0 or less started
/// cleanly, then failed every request of its client when the request built its limiter.
/// </summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private readonly RateLimitOptionsAttributeValidator attributes = new();
    private readonly ClientRateLimitOptionsValidator clients = new();

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        var own = attributes.Validate(name, options);
        if (own.Failed)
        {
            failures.AddRange(own.Failures);
        }

        foreach (var (clientId, client) in options.Clients.Where(c => c.Value is not null))
        {
            var result = clients.Validate(name, client);
            if (result.Failed)
            {
                failures.AddRange(result.Failures.Select(f => $"{nameof(RateLimitOptions.Clients)}:{clientId}:{f}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

[OptionsValidator]
public sealed partial class RateLimitOptionsAttributeValidator : IValidateOptions<RateLimitOptions>;

[OptionsValidator]
public sealed partial class ClientRateLimitOptionsValidator : IValidateOptions<ClientRateLimitOptions>;
