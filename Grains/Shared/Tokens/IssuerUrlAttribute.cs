using System.ComponentModel.DataAnnotations;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// An issuer identifier (RFC 8414 §2): an absolute <c>http</c> or <c>https</c> URL without query, fragment, user
/// information or trailing slash, since it is the <c>iss</c> of every token and the base of every URL in the metadata
/// (§6, §9.3), and a resource server compares the metadata's issuer with the tokens' character for character.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class IssuerUrlAttribute : ValidationAttribute
{
    public IssuerUrlAttribute()
        : base("must be an absolute http(s) URL without query, fragment or trailing slash, like https://auth.example.com")
    {
    }

    public override bool IsValid(object? value) => value is string text && IsIssuer(text);

    public static bool IsIssuer(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
        && url.Scheme is "http" or "https"
        && url.Host.Length > 0
        && url.Query.Length == 0 && url.Fragment.Length == 0 && url.UserInfo.Length == 0
        && !text.Contains('?', StringComparison.Ordinal) && !text.Contains('#', StringComparison.Ordinal)
        && !text.EndsWith('/');
}
