using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// A request body read up to a limit and parsed as JSON in which no object names a member twice: what the back-office
/// documents (§7.1) and the shopping list (§7.2) share. Reading stops at limit + 1 bytes whatever the body declares
/// (a chunked body has no Content-Length), so a large body costs one buffer of the limit, never its own size.
/// </summary>
public sealed class RequestJson : IDisposable
{
    private byte[]? buffer;

    private RequestJson(RequestJsonOutcome outcome, JsonDocument? document = null, string? pointer = null, int status = StatusCodes.Status400BadRequest, byte[]? buffer = null)
    {
        Outcome = outcome;
        Document = document;
        Pointer = pointer;
        Status = status;
        this.buffer = buffer;
    }

    public RequestJsonOutcome Outcome { get; }

    /// <summary>The document when <see cref="Outcome"/> is <see cref="RequestJsonOutcome.Parsed"/>; it lives as long as this.</summary>
    public JsonDocument? Document { get; }

    /// <summary>For <see cref="RequestJsonOutcome.Duplicate"/>: the repeated member (RFC 6901), or <c>""</c> if it cannot be named.</summary>
    public string? Pointer { get; }

    /// <summary>For <see cref="RequestJsonOutcome.Unreadable"/>: the status Kestrel gave the body (400 malformed, 408 too slow, 413).</summary>
    public int Status { get; }

    /// <summary>Reads and parses the body; <paramref name="maxDepth"/> bounds the nesting.</summary>
    public static async Task<RequestJson> Read(HttpRequest request, int limit, int maxDepth, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return new RequestJson(RequestJsonOutcome.TooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        var length = 0;
        try
        {
            int read;
            while (length <= limit && (read = await request.Body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), cancellationToken)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's refusal of the body itself (bad chunking, a body too slow): the client's fault, never a 500.
            ArrayPool<byte>.Shared.Return(buffer);
            return new RequestJson(RequestJsonOutcome.Unreadable, status: e.StatusCode);
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new RequestJson(RequestJsonOutcome.TooLarge);
        }

        var json = buffer.AsMemory(0, length);
        try
        {
            // The document reads the rented buffer in place: it goes back to the pool when this is disposed.
            return new RequestJson(RequestJsonOutcome.Parsed, JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false }), buffer: buffer);
        }
        catch (JsonException)
        {
            // Not JSON, or a member twice ("last one wins" let a second "data" make an administrator). The exception
            // does not say which; a lenient parse of the (bounded) body tells them apart and finds the member.
            try
            {
                using var lenient = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = maxDepth });
                return new RequestJson(RequestJsonOutcome.Duplicate, pointer: FindDuplicate(lenient.RootElement, "") ?? "");
            }
            catch (JsonException)
            {
                return new RequestJson(RequestJsonOutcome.NotJson);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A 400/408/413 JSON:API error for a body Kestrel refused while it was read.</summary>
    public IResult UnreadableError(string title) => JsonApi.Error(Status, Status == StatusCodes.Status400BadRequest ? title : ReasonPhrases.GetReasonPhrase(Status).ToLowerInvariant(),
        "The request body could not be read.", "");

    public void Dispose()
    {
        Document?.Dispose();
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static string? FindDuplicate(JsonElement element, string pointer)
    {
        try
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    var here = pointer + "/" + member.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    if (!seen.Add(member.Name))
                    {
                        return here;
                    }

                    if (FindDuplicate(member.Value, here) is { } inner)
                    {
                        return inner;
                    }
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindDuplicate(item, pointer + "/" + index++.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } inner)
                    {
                        return inner;
                    }
                }
            }
        }
        catch (InvalidOperationException)
        {
            // A member name that is no text (a lone surrogate escape): blame the object.
            return pointer;
        }

        return null;
    }
}
