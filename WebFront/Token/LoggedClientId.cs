using System.Security.Cryptography;
using System.Text;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.WebFront.Token;

/// <summary>
/// A client id as it may appear in a log line (§8): as sent when it is well-formed, else a short hash, so an
/// attacker's 4,000-character id is neither written out in full nor able to forge log lines.
/// </summary>
public static class LoggedClientId
{
    public static string? Of(string? clientId) => clientId is null || ClientIdentifier.IsWellFormed(clientId)
        ? clientId
        : Malformed(clientId);

    /// <summary>"malformed:" and the first 12 hex digits of the SHA-256 of <paramref name="text"/>.</summary>
    public static string Malformed(string text) => "malformed:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
