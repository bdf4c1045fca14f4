namespace OroOrleans.Grains.Interfaces;

/// <summary>
/// Orleans' ADO.NET grain storage (ours on PostgreSQL and on SQLite) keeps a grain's row under its key read as a GUID
/// (32 hexadecimal digits, any case) or as a number (up to 16 hexadecimal digits) whenever the key reads as one, so such
/// a key shares its row with every other spelling of the same value: <c>0002</c> with <c>2</c>, <c>FEDC…</c> with
/// <c>fedc…</c>. Two spellings are two activations of one row, each with its own copy in memory, and the writes of one
/// never reach the reads of the other: a user disabled under <c>2</c> stayed enabled under <c>0002</c>. Only the
/// spelling Orleans itself gives the value (a GUID in lower case, a number in hexadecimal without leading zeros) is a
/// key; ids from outside are checked with <see cref="IsCanonical(string)"/> where they come in, and the user and client
/// grains refuse to activate under any other spelling.
/// </summary>
public static class StorageKeys
{
    /// <summary>True when <paramref name="key"/> is the one spelling storage gives its row.</summary>
    public static bool IsCanonical(string key) => IsCanonical(GrainId.Create("key", key));

    /// <summary>True when the key of <paramref name="id"/> is the one spelling storage gives its row.</summary>
    public static bool IsCanonical(GrainId id) =>
        id.TryGetGuidKey(out var guid, out var extension) ? id.Key.Equals(GrainIdKeyExtensions.CreateGuidKey(guid, extension))
        : !id.TryGetIntegerKey(out var number, out extension) || id.Key.Equals(GrainIdKeyExtensions.CreateIntegerKey(number, extension));

    /// <summary>Throws when the grain's key is another spelling of a stored row's (see the type's summary).</summary>
    public static void EnsureCanonical(GrainId id)
    {
        if (!IsCanonical(id))
        {
            throw new ArgumentException($"Grain key '{id.Key}' is another spelling of a stored key; refused, so that no two activations share a row.", nameof(id));
        }
    }
}
