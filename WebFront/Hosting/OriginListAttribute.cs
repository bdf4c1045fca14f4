using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// Every entry an origin as a browser sends it (RFC 6454): <c>scheme://host[:port]</c> with scheme http or https and
/// no path, query or fragment; or <c>*</c>. A path or a missing scheme would match no browser ever, silently (§2.8).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OriginListAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var entries = value as IEnumerable<string> ?? [];
        foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
        {
            if (!IsOrigin(entry))
            {
                return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                    $"entry {i} '{entry}' is not an origin: scheme://host[:port] (http or https, no path), or *"),
                    validationContext.MemberName is { } member ? [member] : null);
            }
        }

        return ValidationResult.Success;
    }

    public static bool IsOrigin(string entry) =>
        entry == "*"
        || (Uri.TryCreate(entry, UriKind.Absolute, out var url)
            && url.Scheme is "http" or "https"
            && url.Host.Length > 0
            && url.UserInfo.Length == 0
            && url.AbsolutePath == "/" && url.Query.Length == 0 && url.Fragment.Length == 0
            && !entry.Contains('?', StringComparison.Ordinal) && !entry.Contains('#', StringComparison.Ordinal));
}
