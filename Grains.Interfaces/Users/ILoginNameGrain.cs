namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// One login name and the user it belongs to, which keeps names unique. Key: <c>{scope}:{normalized name}</c>
/// as built by <see cref="LoginNames"/>.
/// </summary>
[Alias("ILoginNameGrain")]
public interface ILoginNameGrain : IGrainWithStringKey
{
    /// <summary>Claims the name for a user.</summary>
    /// <returns>True when the name is now the user's (also when it already was).</returns>
    [Alias("Claim")]
    Task<bool> Claim(string userId);

    /// <summary>Releases the name if the user holds it.</summary>
    [Alias("Release")]
    Task Release(string userId);

    /// <summary>The user id holding the name, or null.</summary>
    [Alias("Resolve")]
    Task<string?> Resolve();
}
