using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OroOrleans.Grains.Clients;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Mints tokens. <see cref="StatelessWorkerAttribute"/>: signing is CPU-bound and stateless, so every core of
/// the silo that receives the call signs in parallel instead of queueing behind one activation.
/// </summary>
[StatelessWorker]
[GrainType("token-issuer")]
public sealed partial class TokenIssuerGrain(
    ClientRegistrationCache clients,
    KeyRingCache keyRing,
    TokenFactory factory,
    TimeProvider time,
    ILogger<TokenIssuerGrain> logger) : Grain, ITokenIssuerGrain
{
    private static readonly TokenDenied InvalidClient = new(DenialReason.InvalidClient);
    private static readonly TokenDenied InvalidCredentials = new(DenialReason.InvalidCredentials);

    public async Task<TokenOutcome> IssuePassword(PasswordGrantRequest request)
    {
        var client = await AuthenticateClient(request.Client, GrantTypes.Password);
        if (client is null)
        {
            return InvalidClient;
        }

        var userId = await ResolveLogin(client.Application, request.Username);
        if (userId is null)
        {
            Users.PasswordHashing.VerifyAgainstDummy(request.Password);
            return InvalidCredentials;
        }

        var check = await GrainFactory.GetGrain<IUserGrain>(userId).VerifyPassword(request.Password);
        switch (check.Status)
        {
            case PasswordCheckStatus.Disabled:
                return new TokenDenied(DenialReason.AccountDisabled);
            case PasswordCheckStatus.Locked:
                return new TokenDenied(DenialReason.AccountLocked);
            case PasswordCheckStatus.Success when check.User is { } user && user.Application == client.Application:
                var subject = new TokenSubject(client, user.Subject, user.Id, user.Epoch, request.Scope ?? "");
                var family = new RefreshFamilyPosition(TokenFactory.NewId(), 0, time.GetUtcNow());
                LogIssued(logger, client.Identifier, GrantTypes.Password);
                return factory.Issue(subject, await keyRing.Get(), family);
            default:
                return InvalidCredentials;
        }
    }

    /// <summary>
    /// The client check of every grant: known, active, the secret's digest equal in constant time, and the grant
    /// on its registration. Every failure is the same <c>invalid_client</c> (§2.5).
    /// </summary>
    private async ValueTask<ClientRegistration?> AuthenticateClient(ClientCredentials credentials, string grantType) =>
        ClientAuthentication.Check(await clients.Get(credentials.ClientId), credentials, grantType);

    private async Task<string?> ResolveLogin(ApplicationKind application, string login)
    {
        if (application == ApplicationKind.Storefront)
        {
            return await GrainFactory.GetGrain<ILoginNameGrain>(LoginNames.StorefrontEmail(login)).Resolve();
        }

        // Back-office users log in by username, else by email (§2.2).
        return await GrainFactory.GetGrain<ILoginNameGrain>(LoginNames.BackofficeUsername(login)).Resolve()
            ?? await GrainFactory.GetGrain<ILoginNameGrain>(LoginNames.BackofficeEmail(login)).Resolve();
    }

    [LoggerMessage(1301, LogLevel.Debug, "Issued a token to client {ClientId} by grant {GrantType}")]
    private static partial void LogIssued(ILogger logger, string clientId, string grantType);
}
