namespace OroOrleans.WebFront.Token;

/// <summary>The per-IP limits of §2.7 a token request may count against.</summary>
public enum TokenRateLimit
{
    /// <summary>Not limited per IP.</summary>
    None,

    /// <summary>A guest login (<see cref="Grains.Tokens.GuestLogin"/>).</summary>
    Guest,

    /// <summary>A login with a password.</summary>
    Password,
}
