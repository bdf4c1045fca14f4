using System.Runtime.CompilerServices;

namespace OroOrleans.WebFront.Auth;

/// <summary>A cached token's own strings as UTF-8, inside its slot (<see cref="CachedClaims"/>).</summary>
[InlineArray(CachedClaims.MaxTextBytes)]
public struct ClaimBytes
{
    private byte first;
}
