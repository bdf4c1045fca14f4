namespace OroOrleans.Grains.Interfaces;

/// <summary>A <c>refresh_token</c> grant as the front end parsed it (RFC 6749 §6).</summary>
/// <param name="Client">The client's credentials.</param>
/// <param name="RefreshToken">The presented refresh token, not yet verified.</param>
/// <param name="Requester">
/// The asking front end's revocation observer, if it has one: it applies the rotation's fact from the answer, so
/// the ledger does not push the fact back to it. Null: the fact is pushed to every front end.
/// </param>
[GenerateSerializer, Immutable, Alias("RefreshGrantRequest")]
public sealed record RefreshGrantRequest(ClientCredentials Client, string RefreshToken, IRevocationObserver? Requester = null)
{
    /// <summary>Keeps the secret and the token out of logs and exception messages.</summary>
    public override string ToString() => $"RefreshGrantRequest {{ ClientId = {Client.ClientId} }}";
}
