using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Grains.Clients;

/// <summary>
/// Owners of <c>client_credentials</c> clients, cached like <see cref="ClientRegistrationCache"/>, so that a
/// machine client's tokens do not call its owner's grain once per token. A disabled or locked owner is refused
/// everywhere within <see cref="GrainReadCache{TValue}.MaxAge"/>; tokens carry the owner's epoch, so those
/// already issued are revoked by the epoch.
/// </summary>
public sealed class OwnerCache(IGrainFactory grains)
    : GrainReadCache<UserView?>(userId => grains.Get<IUserGrain>(userId).Get());
