namespace OroOrleans.Grains.Interfaces;

/// <summary>The outcome of <see cref="IUserGrain.Update"/>.</summary>
[GenerateSerializer, Alias("UserChangeStatus")]
public enum UserChangeStatus
{
    /// <summary>Applied (also when nothing changed).</summary>
    Updated = 0,

    /// <summary>No account with this id in the expected application.</summary>
    NotFound = 1,

    /// <summary>The new username belongs to another account of the application.</summary>
    UsernameTaken = 2,

    /// <summary>The new email belongs to another account of the application.</summary>
    EmailTaken = 3,
}
