namespace OroOrleans.Grains.Interfaces;

/// <summary>Why an account could not be created.</summary>
[GenerateSerializer, Alias("CreateUserError")]
public enum CreateUserError
{
    /// <summary>Created.</summary>
    None = 0,

    /// <summary>The username is taken in this application.</summary>
    UsernameTaken = 1,

    /// <summary>The email is taken in this application.</summary>
    EmailTaken = 2,

    /// <summary>The given password hash is in no format this server verifies, or its costs are out of bounds.</summary>
    UnsupportedPasswordHash = 3,
}
