namespace OroOrleans.Grains.Interfaces;

/// <summary>The client id and secret a request authenticated with (body or HTTP Basic).</summary>
/// <param name="ClientId">The client identifier.</param>
/// <param name="ClientSecret">The plain secret; compared in constant time against the stored digest.</param>
[GenerateSerializer, Immutable, Alias("ClientCredentials")]
public sealed record ClientCredentials(string ClientId, string ClientSecret)
{
    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    public override string ToString() => $"ClientCredentials {{ ClientId = {ClientId} }}";
}
