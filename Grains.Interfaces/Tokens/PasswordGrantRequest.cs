namespace OroOrleans.Grains.Interfaces;

/// <summary>A <c>password</c> grant as the front end parsed it (RFC 6749 §4.3).</summary>
/// <param name="Client">The client's credentials.</param>
/// <param name="Username">Username or email.</param>
/// <param name="Password">The password.</param>
/// <param name="Scope">Requested scope, or null.</param>
/// <param name="VisitorAccessToken">A guest access token whose visitor state moves to the customer (§2.4), or null.</param>
[GenerateSerializer, Immutable, Alias("PasswordGrantRequest")]
public sealed record PasswordGrantRequest(
    ClientCredentials Client,
    string Username,
    string Password,
    string? Scope,
    string? VisitorAccessToken)
{
    /// <summary>Keeps the password, the secret and the visitor's token out of logs and exception messages.</summary>
    public override string ToString() => $"PasswordGrantRequest {{ ClientId = {Client.ClientId}, Scope = {Scope} }}";
}
