using System.Text;

namespace OroOrleans.Grains.Interfaces;

/// <summary>Builds the keys of <see cref="ILoginNameGrain"/>: one namespace per application and kind of name.</summary>
public static class LoginNames
{
    /// <summary>Key of a back-office username.</summary>
    public static string BackofficeUsername(string username) => "bo:" + Normalize(username);

    /// <summary>Key of a back-office user's email.</summary>
    public static string BackofficeEmail(string email) => "bo-mail:" + Normalize(email);

    /// <summary>Key of a storefront customer user's email.</summary>
    public static string StorefrontEmail(string email) => "sf:" + Normalize(email);

    /// <summary>
    /// Login names compare as §5 stores them: NFC-normalised, then case-insensitively (§2.2), ignoring surrounding
    /// white space. Every path (creation, renaming, the password grant, <c>filter[email]</c>, the seed's and the CLI's
    /// owner look-ups) builds its key here, so a name typed in another canonical spelling (decomposed é) finds the
    /// account. Names are stored NFC already (<see cref="AccountText"/>), so the key of a stored name is what it was
    /// before NFC moved in here. A string the text rule refuses (an unpaired surrogate, a noncharacter such as U+FFFE) is
    /// never a stored name, and <see cref="string.Normalize(NormalizationForm)"/> throws on some of them, so it is keyed
    /// as given: a password grant for such a name is an ordinary unknown user, not a 500.
    /// </summary>
    public static string Normalize(string name)
    {
        var canonical = AccountText.Normalize(name) ?? name;
        return canonical.Trim().ToUpperInvariant();
    }
}
