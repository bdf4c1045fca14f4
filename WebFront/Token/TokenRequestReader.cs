using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using OroOrleans.Grains.Interfaces;
using static OroOrleans.WebFront.Token.OAuthConstants;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// Step one of the token endpoint: extract the parameters from a JSON or form body (§2.1) and the client
/// credentials from the body or HTTP Basic (RFC 6749 §2.3.1). Anything malformed is an <see cref="OAuthError"/>.
/// </summary>
public static class TokenRequestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <param name="http">The request.</param>
    /// <param name="declared">The parameters handlers declare (<see cref="TokenGrants.Parameters"/>): in a JSON body,
    /// one of these with a value that is not a string is an error; any other member that is not a string is ignored.</param>
    /// <param name="cancellationToken">Ends the read.</param>
    public static async Task<ReadResult> Read(HttpRequest http, IReadOnlySet<string> declared, CancellationToken cancellationToken)
    {
        var usedAuthorization = http.Headers.Authorization.Count > 0;
        var kind = BodyKind(http.ContentType);
        if (kind is null)
        {
            return ReadResult.Fail(OAuthError.MalformedRequest("The request body must be application/json or application/x-www-form-urlencoded"), usedAuthorization);
        }

        if (http.ContentLength > MaxBodyBytes)
        {
            return ReadResult.Fail(TooLarge, usedAuthorization);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            int length;
            try
            {
                length = await ReadBody(http.Body, buffer, cancellationToken);
            }
            catch (BadHttpRequestException)
            {
                // The client sent less than its Content-Length, or broke the chunking: a malformed request.
                return ReadResult.Fail(OAuthError.MalformedRequest("The request body could not be read"), usedAuthorization);
            }

            if (length > MaxBodyBytes)
            {
                return ReadResult.Fail(TooLarge, usedAuthorization);
            }

            var body = buffer.AsMemory(0, length);
            var (parameters, error) = kind == ContentTypes.Json ? ParseJson(body.Span, declared) : ParseForm(body.Span);
            if (error is not null)
            {
                return ReadResult.Fail(error, usedAuthorization);
            }

            var (client, basicError) = ClientCredentialsOf(parameters!, http.Headers.Authorization.ToString());
            return basicError is not null
                ? ReadResult.Fail(basicError, usedAuthorization)
                : new ReadResult(new TokenRequest(parameters!, client, usedAuthorization), null, usedAuthorization);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static readonly OAuthError TooLarge = OAuthError.MalformedRequest($"The request body must not exceed {MaxBodyBytes} bytes");

    private static string? BodyKind(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        if (string.Equals(media.MediaType, ContentTypes.Json, StringComparison.OrdinalIgnoreCase))
        {
            return ContentTypes.Json;
        }

        return string.Equals(media.MediaType, ContentTypes.Form, StringComparison.OrdinalIgnoreCase) ? ContentTypes.Form : null;
    }

    private static async Task<int> ReadBody(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>
    /// A JSON object of string values (Oro's documented form). Every string member is kept, as every form field
    /// is; null is absent; a declared parameter with another value or a repeated member is an error.
    /// </summary>
    private static (Dictionary<string, string>?, OAuthError?) ParseJson(ReadOnlySpan<byte> body, IReadOnlySet<string> declared)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, OAuthError.MalformedRequest("The request body must be a JSON object"));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null
                    || (reader.TokenType != JsonTokenType.String && !declared.Contains(name)))
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType != JsonTokenType.String || !parameters.TryAdd(name, reader.GetString()!))
                {
                    return (null, OAuthError.MissingParameter(name));
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return (null, OAuthError.MalformedRequest("The request body is not valid JSON"));
            }
        }
        catch (JsonException)
        {
            return (null, OAuthError.MalformedRequest("The request body is not valid JSON"));
        }
        catch (InvalidOperationException)
        {
            return (null, OAuthError.MalformedRequest("The request body is not valid JSON"));
        }

        return (parameters, null);
    }

    /// <summary>An RFC 6749 form body. A parameter sent twice is an error (RFC 6749 §3.2).</summary>
    private static (Dictionary<string, string>?, OAuthError?) ParseForm(ReadOnlySpan<byte> body)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return (null, OAuthError.MalformedRequest("The request body is not valid UTF-8"));
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in QueryHelpers.ParseQuery(text))
        {
            if (values.Count > 1)
            {
                return (null, OAuthError.MissingParameter(name));
            }

            parameters[name] = values.ToString();
        }

        return (parameters, null);
    }

    /// <summary>
    /// Body parameters win over HTTP Basic (§2.1). Basic plus the same <c>client_id</c> in the body is one client
    /// (RFC 6749 §3.2.1 has public clients send it, and Postman and several SDKs send it with Basic): the secret comes
    /// from the body when there is one, else from Basic. A body <c>client_id</c> that differs from Basic's names two
    /// clients at once, and is <c>invalid_client</c>.
    /// </summary>
    private static (ClientCredentials?, OAuthError?) ClientCredentialsOf(Dictionary<string, string> parameters, string authorization)
    {
        var (basic, basicError) = authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) ? Basic(authorization) : (null, null);
        if (parameters.TryGetValue(Parameters.ClientId, out var id) && id.Length > 0)
        {
            if (basic is not null && !string.Equals(basic.ClientId, id, StringComparison.Ordinal))
            {
                return (null, OAuthError.InvalidClient);
            }

            var secret = parameters.GetValueOrDefault(Parameters.ClientSecret);
            return (new ClientCredentials(id, string.IsNullOrEmpty(secret) ? basic?.ClientSecret ?? "" : secret), null);
        }

        return (basic, basicError);
    }

    private static (ClientCredentials?, OAuthError?) Basic(string authorization)
    {
        try
        {
            var decoded = StrictUtf8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined.
                return (new ClientCredentials(FormDecode(decoded[..colon]), FormDecode(decoded[(colon + 1)..])), null);
            }
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
        }

        return (null, OAuthError.InvalidClient);
    }

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
