namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of creating an account.</summary>
/// <param name="Error">What went wrong, or <see cref="CreateUserError.None"/>.</param>
/// <param name="User">The new account when created.</param>
[GenerateSerializer, Immutable, Alias("CreateUserResult")]
public sealed record CreateUserResult(CreateUserError Error, UserView? User);
