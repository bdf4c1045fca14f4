namespace OroOrleans.WebFront.Token;

/// <summary>What a presented token claims to be, by its unverified <c>typ</c> header (§2.6).</summary>
public enum PresentedTokenKind
{
    /// <summary>Not a JWS of ours.</summary>
    Unknown = 0,

    /// <summary><c>typ: at+jwt</c>: verified here, with the published keys.</summary>
    Access = 1,

    /// <summary><c>typ: rt+jwt</c>: verified on a silo, which alone holds the refresh keys.</summary>
    Refresh = 2,
}
