namespace OroOrleans.Grains.Interfaces;

/// <summary>What a grant produced: <see cref="TokenIssued"/> or <see cref="TokenDenied"/>.</summary>
[GenerateSerializer, Immutable, Alias("TokenOutcome")]
public abstract record TokenOutcome;
