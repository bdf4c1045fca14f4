using OroOrleans.Grains.Interfaces;
using System.Text.RegularExpressions;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// What an administrator may set on an account (§7.1). Each rule returns a JSON:API error naming the attribute,
/// or null when the value is acceptable.
/// </summary>
public static partial class AccountRules
{
    /// <summary>Minimum password length (NIST SP 800-63B's floor for user-chosen secrets).</summary>
    public const int MinPasswordLength = 8;

    /// <summary>Maximum password length: the hash is slow, so an unbounded input would be a cheap denial of service.</summary>
    public const int MaxPasswordLength = 1024;

    public static IResult? Password(string? password) => password switch
    {
        null => null,
        { Length: < MinPasswordLength } => JsonApiInput.Invalid(JsonApiInput.Pointer("password"), $"The password must have at least {MinPasswordLength} characters."),
        { Length: > MaxPasswordLength } => JsonApiInput.Invalid(JsonApiInput.Pointer("password"), $"The password must have at most {MaxPasswordLength} characters."),
        _ => null,
    };

    public static IResult? Email(string? email) =>
        email is null || AccountText.IsEmail(email)
            ? null
            : JsonApiInput.Invalid(JsonApiInput.Pointer("email"), "The email must look like name@domain, without spaces or control characters.");

    public static IResult? Username(string? username) =>
        username is null || (AccountText.Normalize(username) is { } text && UsernamePattern().IsMatch(text))
            ? null
            : JsonApiInput.Invalid(JsonApiInput.Pointer("username"), "The username must have 1 to 100 characters, without spaces or control characters.");

    /// <summary>A username or email as stored: NFC-normalised (§5); call after the rule above accepted it.</summary>
    public static string? Stored(string? value) => value is null ? null : AccountText.Normalize(value);

    public static IResult? Roles(IReadOnlyList<string>? roles) =>
        roles is null || roles.All(r => RolePattern().IsMatch(r))
            ? null
            : JsonApiInput.Invalid(JsonApiInput.Pointer("roles"), "Each role must be a lowercase name such as 'administrator'.");

    /// <summary>A missing required attribute, named by its pointer.</summary>
    public static IResult Required(string attribute) =>
        JsonApiInput.Invalid(JsonApiInput.Pointer(attribute), $"'{attribute}' is required.");

    [GeneratedRegex(@"\A\S{1,100}\z")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,63}$")]
    private static partial Regex RolePattern();
}
