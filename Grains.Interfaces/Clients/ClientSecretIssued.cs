namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// A client with a newly generated secret: the answer to creating a client or rotating its secret. The only time
/// the plain secret leaves the grain that generated it; only its digest is stored (§5).
/// </summary>
/// <param name="Client">The client, or null when refused or unknown.</param>
/// <param name="Secret">The new secret (256 bits, base64url), shown once; null when refused or unknown.</param>
/// <param name="Problem">Why a creation was refused, or null.</param>
[GenerateSerializer, Immutable, Alias("ClientSecretIssued")]
public sealed record ClientSecretIssued(ClientSummary? Client, string? Secret, ClientProblem? Problem = null)
{
    /// <summary>Keeps the new secret out of logs: Orleans logs a response it drops with its body's text.</summary>
    public override string ToString() => $"ClientSecretIssued {{ Client = {Client?.Identifier}, Problem = {Problem} }}";
}
