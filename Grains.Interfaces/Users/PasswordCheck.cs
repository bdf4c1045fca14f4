namespace OroOrleans.Grains.Interfaces;

/// <summary>A password check's outcome; <see cref="User"/> is set only on <see cref="PasswordCheckStatus.Success"/>.</summary>
/// <param name="Status">What the check found.</param>
/// <param name="User">The account, only after a correct password on a usable account.</param>
/// <param name="Unhashed">Set when the answer was given without computing a hash (the automatic lockout, §5): how long
/// one verification takes, which the answer should take too, or its speed would tell that the name exists.</param>
[GenerateSerializer, Immutable, Alias("PasswordCheck")]
public sealed record PasswordCheck(PasswordCheckStatus Status, UserView? User, TimeSpan Unhashed = default);
