namespace OroOrleans.Grains.Interfaces;

/// <summary>A password check's outcome; <see cref="User"/> is set only on <see cref="PasswordCheckStatus.Success"/>.</summary>
/// <param name="Status">What the check found.</param>
/// <param name="User">The account, only after a correct password on a usable account.</param>
[GenerateSerializer, Immutable, Alias("PasswordCheck")]
public sealed record PasswordCheck(PasswordCheckStatus Status, UserView? User);
