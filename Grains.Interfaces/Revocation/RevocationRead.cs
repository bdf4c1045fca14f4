namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// How far a front end has read one ledger shard: the shard's activation it read from and the number of changes of
/// that activation it has seen. <c>default</c> means nothing read yet, and asks for every live fact.
/// </summary>
/// <param name="Activation">The shard activation the changes were counted in (a new one counts from zero).</param>
/// <param name="Changes">How many of that activation's changes the reader has.</param>
[GenerateSerializer, Immutable, Alias("RevocationCursor")]
public readonly record struct RevocationCursor(Guid Activation, long Changes);

/// <summary>What <see cref="IRevocationLedgerGrain.ReadSince"/> answers.</summary>
/// <param name="Cursor">Where the reader stands after applying <paramref name="Facts"/>; pass it to the next read.</param>
/// <param name="Whole">
/// True when <paramref name="Facts"/> is every live fact of the shard (the cursor was <c>default</c>, named another
/// activation, or changes the shard no longer keeps); false when it is only the facts changed since the cursor.
/// </param>
/// <param name="Facts">The live facts to apply, each as the shard holds it now (merged).</param>
[GenerateSerializer, Immutable, Alias("RevocationRead")]
public sealed record RevocationRead(RevocationCursor Cursor, bool Whole, IReadOnlyList<RevocationFact> Facts);
