using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Revocation;

/// <summary>The view, closed until it has loaded every live fact (fail closed: see <see cref="RevocationReadiness"/>).</summary>
public sealed class GatedRevocationCheck(RevocationView view, RevocationReadiness readiness) : IAccessTokenRevocationCheck
{
    public bool IsRevoked(AccessToken token) => !readiness.IsLoaded || view.IsRevoked(token);
}
