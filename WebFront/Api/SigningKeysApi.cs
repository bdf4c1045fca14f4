using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// <c>POST /api/signingkeys/rotate</c> (§6, §7.1), administrators only: the next key (already published) starts
/// signing, the active one retires (published until its tokens expire), and a new next key is published.
/// Tokens signed before and after both validate throughout; no session ends.
/// </summary>
public static class SigningKeysApi
{
    public static RouteGroupBuilder MapSigningKeysApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/signingkeys/rotate", Rotate);
        return admin;
    }

    private static async Task<IResult> Rotate(IGrainFactory grains)
    {
        var ring = await grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Default).Rotate();
        return JsonApi.Document(new JsonApi.Resource("signingkeys", ring.ActiveSigningKid, new
        {
            active = true,
            algorithm = ring.SigningKeys.Single(k => k.Kid == ring.ActiveSigningKid).Algorithm,
            published = ring.SigningKeys.Select(k => k.Kid).ToArray(),
            version = ring.Version,
        }));
    }
}
