using System.Text;
using Newtonsoft.Json;

namespace OroOrleans.Silo.Storage;

/// <summary>
/// Reads grain state rows written before <see cref="GrainStateSerializer"/>: Orleans' default JSON grain
/// storage serializer (Newtonsoft JSON with <c>$type</c>, <c>$id</c> and <c>$values</c> metadata).
/// </summary>
/// <remarks>
/// <c>TypeNameHandling.None</c> makes Newtonsoft skip the stored <c>$type</c> names instead of resolving
/// them: the declared state type decides what is built, so a renamed class still loads and a row cannot
/// choose a type to instantiate. The other settings are the old writer's, so defaults it left out are
/// read back as defaults.
/// </remarks>
public static class LegacyJsonState
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        MetadataPropertyHandling = MetadataPropertyHandling.Default,
        PreserveReferencesHandling = PreserveReferencesHandling.Objects,
        DefaultValueHandling = DefaultValueHandling.Ignore,
        NullValueHandling = NullValueHandling.Ignore,
        MissingMemberHandling = MissingMemberHandling.Ignore,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        DateParseHandling = DateParseHandling.DateTimeOffset,
        MaxDepth = 32,
    };

    /// <summary>True when <paramref name="payload"/> is a JSON object (the old format), after any whitespace.</summary>
    public static bool IsLegacy(ReadOnlySpan<byte> payload)
    {
        var trimmed = payload.TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("\uFEFF"u8) || (trimmed.Length > 0 && trimmed[0] == (byte)'{');
    }

    /// <summary>Reads an old-format payload as <typeparamref name="T"/>, whatever type name it carries.</summary>
    public static T Read<T>(ReadOnlySpan<byte> payload)
    {
        var json = Encoding.UTF8.GetString(payload).TrimStart('\uFEFF');
        return JsonConvert.DeserializeObject<T>(json, Settings)
            ?? throw new InvalidDataException($"A stored legacy {typeof(T).Name} payload is JSON null.");
    }
}
