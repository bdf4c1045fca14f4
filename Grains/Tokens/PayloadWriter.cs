using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OroOrleans.Grains.Tokens;

/// <summary>
/// Writes a JWT's claims as JSON into a buffer each thread keeps, for <c>JsonWebTokenHandler.CreateToken(string,
/// SigningCredentials, IDictionary)</c>, which still writes the header, encodes and signs. Given a
/// <c>SecurityTokenDescriptor</c>, the handler writes the claims through a new <see cref="Utf8JsonWriter"/> on a new
/// <c>MemoryStream</c> per token, growing both by copying: in a profile of guest logins (ES256) that growth was 45 %
/// of the bytes a request allocated (docs/performance.md). Same encoder as the handler's, same claims, same order.
/// </summary>
internal static class PayloadWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] private static ArrayBufferWriter<byte>? buffer;
    [ThreadStatic] private static Utf8JsonWriter? writer;

    /// <summary>
    /// A writer at the start of an empty payload object. Synchronous use only: write the claims and call
    /// <see cref="Finish"/> on the same thread, with no await between.
    /// </summary>
    public static Utf8JsonWriter Start()
    {
        var b = buffer ??= new ArrayBufferWriter<byte>(1024);
        b.ResetWrittenCount();
        var w = writer ??= new Utf8JsonWriter(b, Options);
        w.Reset(b);
        w.WriteStartObject();
        return w;
    }

    /// <summary>Closes the payload object and returns its JSON.</summary>
    public static string Finish(Utf8JsonWriter w)
    {
        w.WriteEndObject();
        w.Flush();
        return Encoding.UTF8.GetString(buffer!.WrittenSpan);
    }

    /// <summary>The registered claims the handler writes first: aud, iss, exp, iat and (when given) nbf, in whole seconds.</summary>
    public static void WriteRegistered(Utf8JsonWriter w, string audience, string issuer, DateTimeOffset expires, DateTimeOffset issuedAt, bool notBefore)
    {
        w.WriteString("aud"u8, audience);
        w.WriteString("iss"u8, issuer);
        w.WriteNumber("exp"u8, expires.ToUnixTimeSeconds());
        w.WriteNumber("iat"u8, issuedAt.ToUnixTimeSeconds());
        if (notBefore)
        {
            w.WriteNumber("nbf"u8, issuedAt.ToUnixTimeSeconds());
        }
    }
}
