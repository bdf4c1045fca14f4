using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The text rule for usernames and emails (§5), one rule for the seed and the API: no control, format (zero-width,
/// bidi), separator-line or surrogate characters anywhere in the string (a trailing newline or NUL included), and
/// stored NFC-normalised, so that two spellings of one name are one name.
/// </summary>
public static partial class AccountText
{
    /// <summary>The NFC form of <paramref name="value"/>, or null when it holds a character the rule forbids.</summary>
    public static string? Normalize(string value)
    {
        foreach (var c in value)
        {
            if (char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                return null;
            }
        }

        return value.Normalize(NormalizationForm.FormC);
    }

    /// <summary>True when <paramref name="email"/> is acceptable as an email (§5): at most 254 characters, the text rule, and name@domain without spaces.</summary>
    public static bool IsEmail(string email) => email.Length <= 254 && Normalize(email) is { } text && EmailPattern().IsMatch(text);

    [GeneratedRegex(@"\A[^\s@]+@[^\s@]+\z")]
    private static partial Regex EmailPattern();
}
