using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OroOrleans.Silo.Management;

/// <summary>
/// The Orleans Dashboard is for administrators only (§8). With <see cref="ManagementOptions.DashboardPassword"/> set,
/// every request needs HTTP Basic credentials (compared in constant time); without it, only loopback callers get in.
/// The dashboard's grain-state reader is refused either way: it calls grain methods by reflection, and no grain
/// state of ours (key material, secret hashes) is for a browser.
/// </summary>
public sealed class DashboardAccess(ManagementOptions options)
{
    private readonly byte[]? expected = options.DashboardPassword is { Length: > 0 } password
        ? Hash($"{options.DashboardUsername}:{password}")
        : null;

    public ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Path.Value?.EndsWith("/GrainState", StringComparison.OrdinalIgnoreCase) == true)
        {
            return ValueTask.FromResult<object?>(Results.NotFound());
        }

        if (expected is null)
        {
            return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
                ? next(context)
                : ValueTask.FromResult<object?>(Results.Text("The dashboard answers loopback callers only unless Management:DashboardPassword is set.", statusCode: StatusCodes.Status403Forbidden));
        }

        if (Presented(http.Request) is { } presented && CryptographicOperations.FixedTimeEquals(Hash(presented), expected))
        {
            return next(context);
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"OroOrleans management\", charset=\"UTF-8\"";
        return ValueTask.FromResult<object?>(Results.Text("Credentials required.", statusCode: StatusCodes.Status401Unauthorized));
    }

    /// <summary>"user:password" from an <c>Authorization: Basic</c> header, or null.</summary>
    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Hashing both sides first gives equal lengths, so the comparison leaks nothing about the password's length.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
