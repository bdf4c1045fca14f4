namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// The shape of an account id (§7.1): decimal digits, at most 20, with no leading zero, the one spelling storage gives
/// the id (<see cref="StorageKeys"/>: <c>0002</c> would be another activation of account 2's row). One rule for the
/// APIs and the grains.
/// </summary>
public static class UserIdentifier
{
    public static bool IsWellFormed(string? id) => id is { Length: > 0 and <= 20 } && id[0] != '0' && id.All(char.IsAsciiDigit);
}
