using System.Text.RegularExpressions;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>§5's text rule for names, judged character by character, surrogate pairs as the characters they encode.</summary>
[Trait("Category", TestCategories.Unit)]
public sealed class AccountTextTests
{
    [Theory]
    [InlineData("shop \U0001F6D2")] // an emoji
    [InlineData("\U0001F1E9\U0001F1EA")] // a flag: two regional indicators
    [InlineData("\U00020000@example.com")] // a CJK extension B ideograph
    [InlineData("jos\u00e9")]
    public void ACharacterBeyondTheBasicPlane_IsText(string name)
    {
        Assert.True(AccountText.IsPlainText(name));
        Assert.Equal(name, AccountText.Normalize(name));
        Assert.Equal(LoginNames.Normalize(name), LoginNames.Normalize(name.ToLowerInvariant()));
    }

    [Theory]
    // Escaped, so that no test runner has to carry an unpaired surrogate in a test's name.
    [InlineData(@"a\uD83Db")] // the first half of an emoji's pair, alone
    [InlineData(@"a\uDED2b")] // the second half, alone
    [InlineData(@"a\uDED2\uD83Db")] // both halves in the wrong order
    [InlineData(@"ab\uD83D")] // a first half at the end
    [InlineData(@"a\uDB80\uDC00b")] // U+F0000, supplementary private use
    [InlineData(@"a\uDBFF\uDFFFb")] // U+10FFFF, a noncharacter
    [InlineData(@"a\uDB40\uDC01b")] // U+E0001, a tag character (format)
    [InlineData(@"a\u200Bb")]
    [InlineData(@"a\uFFFEb")] // a noncharacter, which String.Normalize throws on
    public void AnUnpairedSurrogateOrAForbiddenCharacter_IsNotText(string escaped)
    {
        var name = Regex.Unescape(escaped);
        Assert.False(AccountText.IsPlainText(name));
        Assert.Null(AccountText.Normalize(name));
    }

    [Fact]
    public void AnUnpairedSurrogate_IsKeyedAsGiven_WithoutThrowing()
    {
        // A look-up may carry anything; normalising a lone surrogate would throw, so it is keyed as typed.
        Assert.False(AccountText.IsWellFormed("x\uD800"));
        Assert.Equal("X\uD800", LoginNames.Normalize("x\uD800"));
        Assert.Equal("JOS\u00c9", LoginNames.Normalize("jose\u0301"));
        Assert.Equal("A\uFFFE", LoginNames.Normalize("a\uFFFE"));
    }

    [Fact]
    public void AnEmail_IsAtMost254CodeUnitsAsStored_AfterNfc()
    {
        // U+1D15E is two code units and decomposes under NFC into two characters of two each.
        var local = string.Concat(Enumerable.Repeat("\U0001D15E", 60));
        var email = local + "@" + new string('b', 100) + ".c";

        Assert.True(email.Length <= 254);
        Assert.True(AccountText.Normalize(email)!.Length > 254);
        Assert.False(AccountText.IsEmail(email));
        Assert.True(AccountText.IsEmail(local[..40] + "@b.c"));
    }
}
