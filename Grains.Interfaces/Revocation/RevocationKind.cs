namespace OroOrleans.Grains.Interfaces;

/// <summary>What a <see cref="RevocationFact"/> is about.</summary>
[GenerateSerializer, Alias("RevocationKind")]
public enum RevocationKind
{
    /// <summary>A refresh family: key = family id; threshold = lowest valid generation (<see cref="long.MaxValue"/>: all).</summary>
    Family = 0,

    /// <summary>An account: key = user id; threshold = lowest valid epoch.</summary>
    User = 1,

    /// <summary>A client: key = client identifier; threshold = lowest valid registration version.</summary>
    Client = 2,

    /// <summary>One access token without a family: key = <c>jti</c>; threshold unused.</summary>
    Token = 3,
}
