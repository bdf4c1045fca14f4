namespace OroOrleans.Grains.Interfaces;

/// <summary>Keys of <see cref="IShoppingListGrain"/>: one list per customer user and one per visitor.</summary>
public static class ShoppingListOwners
{
    /// <summary>The <c>sub</c> prefix of guest tokens (§2.2).</summary>
    public const string VisitorPrefix = "visitor:";

    /// <summary>A visitor's list: the visitor's token subject, <c>visitor:&lt;32 hex&gt;</c>.</summary>
    public static string Visitor(string visitorId) => VisitorPrefix + visitorId;

    /// <summary>A customer user's list.</summary>
    public static string Customer(string userId) => "customer:" + userId;

    /// <summary>Whether <paramref name="subject"/> is a visitor subject: the prefix and 32 lowercase hex digits.</summary>
    public static bool IsVisitorSubject(string subject) =>
        subject.Length == VisitorPrefix.Length + 32
        && subject.StartsWith(VisitorPrefix, StringComparison.Ordinal)
        && !subject.AsSpan(VisitorPrefix.Length).ContainsAnyExcept(LowerHex);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");
}
