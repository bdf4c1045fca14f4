using System.Security.Cryptography;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// Lists clients and mints their identifiers. The identifier is listed before the client is created, so a client
/// never exists unlisted; a refused creation takes its identifier off the list again.
/// </summary>
[GrainType("client-directory")]
public sealed class ClientDirectoryGrain(
    [PersistentState("client-directory", StorageNames.Main)] IPersistentState<ClientDirectoryState> state) : Grain, IClientDirectoryGrain
{
    private const string IdentifierAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new client identifier: 32 letters or digits (§2.7's shape), about 190 random bits.</summary>
    public static string NewIdentifier()
    {
        // One in about 10^14 draws is all hexadecimal digits with an upper-case letter: a spelling storage shares.
        string identifier;
        do
        {
            identifier = RandomNumberGenerator.GetString(IdentifierAlphabet, ClientIdentifier.Length);
        }
        while (!ClientIdentifier.IsWellFormed(identifier));

        return identifier;
    }

    public async Task<ClientSecretIssued> Create(ClientSpec spec)
    {
        var identifier = NewIdentifier();
        await Change(ids => ids.Add(identifier));
        var created = await GrainFactory.Get<IClientGrain>(identifier).Create(spec);
        if (created.Client is null)
        {
            await Change(ids => ids.Remove(identifier));
        }

        return created;
    }

    public async Task<bool> Register(string identifier, ClientSpec spec)
    {
        var created = await GrainFactory.Get<IClientGrain>(identifier).RegisterIfAbsent(spec);
        // Listed even when it existed already: clients registered before this directory existed join the list.
        if (!state.State.Ids.Contains(identifier) && await GrainFactory.Get<IClientGrain>(identifier).Get() is not null)
        {
            await Change(ids => ids.Add(identifier));
        }

        return created;
    }

    public Task<IReadOnlyList<string>> ListIds() => Task.FromResult<IReadOnlyList<string>>(state.State.Ids.ToArray());

    public async Task<ClientChangeResult> Delete(string identifier)
    {
        var result = await GrainFactory.Get<IClientGrain>(identifier).Delete();
        if (state.State.Ids.Contains(identifier))
        {
            await Change(ids => ids.Remove(identifier));
        }

        return result;
    }

    private async Task Change(Action<List<string>> change)
    {
        change(state.State.Ids);
        await state.WriteOrForget(this);
    }
}
