using Orleans.Serialization;
using Orleans.Storage;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// The payload format of the "main" grain storage: Orleans' own serializer, which writes members by their
/// <c>[Id(n)]</c> and types by their <c>[Alias]</c>, never by CLR name, so a state class can be renamed or
/// moved without breaking a stored row. A payload starts with <see cref="Header"/>.
/// </summary>
/// <remarks>
/// Rows written before this format (Newtonsoft JSON with <c>$type</c>) still load: they start with <c>{</c>
/// and are read by <see cref="LegacyJsonState"/>, which ignores the stored type names; the grain's next
/// write stores this format. The types a payload may instantiate are the declared state type and the
/// types Orleans' serializer allows (generated codecs), not a name taken from the database.
/// </remarks>
public sealed class GrainStateSerializer(Serializer serializer) : IGrainStorageSerializer
{
    /// <summary>The first bytes of every payload in this format: "ORO" and the format version 1.</summary>
    public static ReadOnlySpan<byte> Header => "ORO\u0001"u8;

    /// <inheritdoc/>
    public BinaryData Serialize<T>(T? input)
    {
        var body = serializer.SerializeToArray(input);
        var payload = new byte[Header.Length + body.Length];
        Header.CopyTo(payload);
        body.CopyTo(payload.AsSpan(Header.Length));
        return new BinaryData(payload);
    }

    /// <inheritdoc/>
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var payload = input.ToMemory();
        if (payload.Span.StartsWith(Header))
        {
            return serializer.Deserialize<T>(payload[Header.Length..])
                ?? throw new InvalidDataException($"A stored {typeof(T).Name} payload holds null.");
        }

        if (LegacyJsonState.IsLegacy(payload.Span))
        {
            return LegacyJsonState.Read<T>(payload.Span);
        }

        throw new InvalidDataException(
            $"A stored {typeof(T).Name} payload of {payload.Length} bytes is neither in the current format nor legacy JSON.");
    }
}
