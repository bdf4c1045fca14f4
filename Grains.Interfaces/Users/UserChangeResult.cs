namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of an administrator's change to an account.</summary>
/// <param name="Status">What happened.</param>
/// <param name="User">The account after the change, when <see cref="UserChangeStatus.Updated"/>.</param>
/// <param name="Revocation">
/// The fact the change recorded in the revocation ledger (the account's new epoch), or null when the change
/// revokes nothing. The front end that took the request applies it to its own view before it answers.
/// </param>
[GenerateSerializer, Immutable, Alias("UserChangeResult")]
public sealed record UserChangeResult(UserChangeStatus Status, UserView? User, RevocationFact? Revocation);
