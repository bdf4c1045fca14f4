using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// Client registrations cached where tokens are minted, so that issuing a token does not call the client's
/// grain: a storefront's one client id would otherwise be the hottest grain of the cluster. A deactivated
/// client is refused everywhere within <see cref="GrainReadCache{TValue}.MaxAge"/>, at the cost of one grain
/// call per client, per silo, per that time. Unknown ids are cached too (as null).
/// </summary>
public sealed class ClientRegistrationCache(IGrainFactory grains)
    : GrainReadCache<ClientRegistration?>(clientId => grains.Get<IClientGrain>(clientId).GetRegistration());
