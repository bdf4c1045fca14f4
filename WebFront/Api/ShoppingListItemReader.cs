using System.Globalization;
using System.Text;
using System.Text.Json;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Reads a new shopping-list item from a JSON:API document
/// (<c>{"data":{"type":"shoppinglistitems","attributes":{"sku":…,"quantity":…}}}</c>) or plain JSON
/// (<c>{"sku":…,"quantity":…}</c>), and validates it: <c>sku</c> 1–64 printable characters, <c>quantity</c> an
/// integer 1–10,000. Every refusal is a JSON:API error whose <c>source.pointer</c> names the field.
/// </summary>
public static class ShoppingListItemReader
{
    public const string ResourceType = "shoppinglistitems";
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task<(ShoppingListItem? Item, IResult? Error)> Read(HttpRequest request, CancellationToken cancellationToken)
    {
        if (JsonBodyType.Refusal(request.ContentType) is { } refused)
        {
            return (null, refused);
        }

        using var body = await RequestJson.Read(request, MaxBodyBytes, maxDepth: 8, cancellationToken);
        switch (body.Outcome)
        {
            case RequestJsonOutcome.TooLarge:
                return Fail(StatusCodes.Status413PayloadTooLarge, "too large", $"The body must not exceed {MaxBodyBytes} bytes.", "");
            case RequestJsonOutcome.Unreadable:
                return (null, body.UnreadableError("invalid item"));
            case RequestJsonOutcome.NotJson:
                return Invalid("The body is not valid JSON.", "");
            case RequestJsonOutcome.Duplicate:
                return Invalid("A member appears more than once in its object; send each once.", body.Pointer!);
        }

        try
        {
            return Validate(body.Document!.RootElement);
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-16 (a lone surrogate escape).
            return Invalid("The body holds a string that is not text.", "");
        }
    }

    private static (ShoppingListItem?, IResult?) Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The body must be a JSON object.", "");
        }

        var prefix = "";
        var attributes = root;
        if (root.TryGetProperty("data", out var data))
        {
            if (data.ValueKind != JsonValueKind.Object)
            {
                return Invalid("data must be a resource object.", "/data");
            }

            if (!data.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != ResourceType)
            {
                return Invalid($"data.type must be \"{ResourceType}\".", "/data/type");
            }

            // As the back-office API answers (§7.1): the server names the line (by its SKU), never the client.
            if (data.TryGetProperty("id", out _))
            {
                return Fail(StatusCodes.Status403Forbidden, "client-generated id", "Ids are assigned by the server; leave out 'id'.", "/data/id");
            }

            if (!data.TryGetProperty("attributes", out attributes) || attributes.ValueKind != JsonValueKind.Object)
            {
                return Invalid("data.attributes must be an object.", "/data/attributes");
            }

            prefix = "/data/attributes";
        }

        if (!attributes.TryGetProperty("sku", out var skuElement) || skuElement.ValueKind != JsonValueKind.String
            || skuElement.GetString() is not { } sku || !IsValidSku(sku))
        {
            return Invalid($"sku must be a string of 1 to {ShoppingListItem.MaxSkuLength} printable characters.", prefix + "/sku");
        }

        if (!attributes.TryGetProperty("quantity", out var quantityElement) || quantityElement.ValueKind != JsonValueKind.Number
            || !quantityElement.TryGetInt32(out var quantity) || quantity is < 1 or > ShoppingListItem.MaxQuantity)
        {
            return Invalid($"quantity must be an integer from 1 to {ShoppingListItem.MaxQuantity.ToString("N0", CultureInfo.InvariantCulture)}.", prefix + "/quantity");
        }

        return (new ShoppingListItem(sku, quantity), null);
    }

    /// <summary>1–64 Unicode scalar values, none a control, format, separator-line, private-use or unassigned character, not only spaces.</summary>
    public static bool IsValidSku(string sku)
    {
        var count = 0;
        var visible = false;
        foreach (var rune in sku.EnumerateRunes())
        {
            if (++count > ShoppingListItem.MaxSkuLength)
            {
                return false;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (AccountText.IsForbidden(category))
            {
                return false;
            }

            visible |= category != UnicodeCategory.SpaceSeparator;
        }

        // EnumerateRunes turns a lone surrogate into U+FFFD; such a string is not text.
        return count > 0 && visible && AccountText.IsWellFormed(sku);
    }

    private static (ShoppingListItem?, IResult?) Invalid(string detail, string pointer) =>
        Fail(StatusCodes.Status400BadRequest, "invalid item", detail, pointer);

    private static (ShoppingListItem?, IResult?) Fail(int status, string title, string detail, string? pointer) =>
        (null, JsonApi.Error(status, title, detail, pointer));
}
