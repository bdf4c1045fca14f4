using System.Text.Json;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Users;

namespace OroOrleans.Silo.Import;

/// <summary>
/// One line of a customer import file (JSON Lines, UTF-8): <c>{"email":"…","enabled":true,"password":"$2y$13$…"}</c>.
/// <c>email</c> follows the API's rule (§5: name@domain, no spaces or control characters, stored NFC-normalised) and
/// holds no U+FFFD, the character a decoder puts for bytes that are not UTF-8 (an export in Latin-1 would otherwise
/// create <c>m\uFFFDller@example.de</c> for <c>müller@example.de</c>);
/// <c>password</c> is Oro's stored hash (bcrypt <c>$2y$</c>/<c>$2a$</c>/<c>$2b$</c> or <c>$argon2id$</c>), never a
/// plain password; <c>enabled</c> is optional (true). Other members are ignored, so an export may carry more.
/// </summary>
public static class CustomerLine
{
    /// <summary>Longest line read; longer lines are refused (a real one is under 300 bytes).</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>The storefront customer the line describes, or the reason it is refused.</summary>
    public static (UserSpec? Spec, string? Problem) Parse(string line)
    {
        if (line.Length > MaxLength)
        {
            return (null, $"line longer than {MaxLength} characters");
        }

        string? email = null, hash = null;
        var enabled = true;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "not a JSON object");
            }

            foreach (var member in document.RootElement.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "email":
                        if (Text(member, out email) is { } badEmail) return (null, badEmail);
                        break;
                    case "password":
                        if (Text(member, out hash) is { } badHash) return (null, badHash);
                        break;
                    case "enabled":
                        if (member.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return (null, "enabled: must be true or false");
                        enabled = member.Value.GetBoolean();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return (null, $"not JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // A member's name, which the loop reads for every member, that escapes half a surrogate pair.
            return (null, "not valid Unicode text: a member name escapes half a surrogate pair");
        }

        if (email is null || hash is null)
        {
            return (null, $"{(email is null ? "email" : "password")}: required");
        }

        if (email.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return (null, "email: holds U+FFFD, the mark of bytes that are not UTF-8: is the file in another encoding (Latin-1, Windows-1252)?");
        }

        if (!AccountText.IsEmail(email))
        {
            return (null, "email: must look like name@domain, without spaces or control characters");
        }

        if (ImportedPasswordHashes.Problem(hash) is { } problem)
        {
            return (null, $"password: {problem}");
        }

        return (new UserSpec(ApplicationKind.Storefront, null, AccountText.Normalize(email)!, "", [], enabled, hash), null);
    }

    /// <summary>A member's string, or why it is none: not a string, or an escape of half a surrogate pair (<c>\ud83d</c>
    /// alone), which System.Text.Json throws on when asked for the string rather than when it parses the line.</summary>
    private static string? Text(JsonProperty member, out string? value)
    {
        value = null;
        if (member.Value.ValueKind != JsonValueKind.String)
        {
            return $"{member.Name}: must be a string";
        }

        try
        {
            value = member.Value.GetString();
            return null;
        }
        catch (InvalidOperationException)
        {
            return $"{member.Name}: not valid Unicode text (an escaped half of a surrogate pair)";
        }
    }
}
