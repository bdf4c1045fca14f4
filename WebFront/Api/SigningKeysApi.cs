using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// <c>POST /api/signingkeys/rotate</c> (§6, §7.1), administrators only: the next key (already published) starts
/// signing, the active one retires (published until its tokens expire), and a new next key is published.
/// Tokens signed before and after both validate throughout; no session ends.
/// <c>POST /api/signingkeys/{kid}/revoke</c>: the emergency, see <see cref="Revoke"/>.
/// </summary>
public static class SigningKeysApi
{
    public static RouteGroupBuilder MapSigningKeysApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/signingkeys/rotate", Rotate);
        admin.MapPost("/signingkeys/{kid}/revoke", Revoke);
        return admin;
    }

    /// <summary>
    /// <c>POST /api/signingkeys/{kid}/revoke</c> (§6): the key leaves the JWKS (this front end's copy at once, the
    /// others' within <see cref="Auth.PublicKeyCache.RefreshInterval"/>) and every token it signed fails on every front
    /// end within 1 s, through a revocation fact. Revoking the active key rotates first.
    /// </summary>
    private static async Task<IResult> Revoke(string kid, ClusterCalls cluster, Auth.PublicKeyCache publicKeys)
    {
        var ring = await cluster.Once(grains => grains.Get<IKeyRingGrain>(IKeyRingGrain.Default).Revoke(kid));
        if (ring is null)
        {
            return JsonApi.NotFound("signingkeys", kid);
        }

        publicKeys.Invalidate();
        return JsonApi.Document(new JsonApi.Resource("signingkeys", kid, new
        {
            revoked = true,
            active = ring.ActiveSigningKid,
            published = ring.PublishedKids,
            version = ring.Version,
        }));
    }

    private static async Task<IResult> Rotate(ClusterCalls cluster)
    {
        var ring = await cluster.Once(grains => grains.Get<IKeyRingGrain>(IKeyRingGrain.Default).Rotate());
        return JsonApi.Document(new JsonApi.Resource("signingkeys", ring.ActiveSigningKid, new
        {
            active = true,
            algorithm = ring.Algorithm,
            published = ring.PublishedKids,
            version = ring.Version,
        }));
    }
}
