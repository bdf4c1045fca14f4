using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The text rule for usernames and emails (§5), one rule for the seed and the API: no control, format (zero-width,
/// bidi), separator-line, private-use or unassigned character and no unpaired surrogate anywhere in the string (a
/// trailing newline or NUL included), and stored NFC-normalised, so that two spellings of one name are one name.
/// Characters outside the Basic Multilingual Plane (an emoji, a CJK extension ideograph) are judged as the characters
/// their surrogate pairs encode, as Oro's utf8mb4 columns store them.
/// </summary>
public static partial class AccountText
{
    /// <summary>The NFC form of <paramref name="value"/>, or null when it holds a character the rule forbids.</summary>
    public static string? Normalize(string value)
    {
        if (!IsPlainText(value))
        {
            return null;
        }

        try
        {
            return value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // A code point the system's ICU does not take (String.Normalize's "invalid Unicode code points").
            return null;
        }
    }

    /// <summary>True when <paramref name="value"/> is well-formed UTF-16 and holds no character of a category the rule forbids.</summary>
    public static bool IsPlainText(ReadOnlySpan<char> value) => EveryRune(value, rune => !IsForbidden(Rune.GetUnicodeCategory(rune)));

    /// <summary>True when <paramref name="value"/> is well-formed UTF-16: every surrogate is half of a pair.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value) => EveryRune(value, _ => true);

    /// <summary>
    /// The categories no name may hold: invisible, line-breaking, private or not yet a character (noncharacters such as
    /// U+FFFE included). An unpaired surrogate is no rune at all: decoding refuses it first.
    /// </summary>
    public static bool IsForbidden(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>
    /// True when <paramref name="email"/> is acceptable as an email (§5): the text rule, and name@domain without spaces,
    /// at most 254 UTF-16 code units as stored (NFC can lengthen a string).
    /// </summary>
    public static bool IsEmail(string email) => email.Length <= 254 && Normalize(email) is { Length: <= 254 } text && EmailPattern().IsMatch(text);

    /// <summary>True when <paramref name="value"/> decodes to runes to its end, each one <paramref name="allowed"/>.</summary>
    private static bool EveryRune(ReadOnlySpan<char> value, Func<Rune, bool> allowed)
    {
        while (!value.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(value, out var rune, out var used) != OperationStatus.Done || !allowed(rune))
            {
                return false;
            }

            value = value[used..];
        }

        return true;
    }

    [GeneratedRegex(@"\A[^\s@]+@[^\s@]+\z")]
    private static partial Regex EmailPattern();
}
