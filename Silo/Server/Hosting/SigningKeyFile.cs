using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OroOrleans.Grains.Keys;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Reads the operator's PEM signing key (§6) at a silo's start: <c>Keys:SigningKeyPemFile</c>, else Oro's
/// <c>ORO_OAUTH_PRIVATE_KEY_PATH</c>. A file that cannot be read or holds no key we sign with stops the start with one
/// line naming the setting. Silos only: a client-mode front end never reads it.
/// </summary>
public static class SigningKeyFile
{
    /// <summary>Oro's name for the same setting, honoured as an alias.</summary>
    public const string OroVariable = "ORO_OAUTH_PRIVATE_KEY_PATH";

    public static OperatorSigningKey Resolve(KeysOptions options, IConfiguration configuration, TimeProvider time)
    {
        var (setting, path) = !string.IsNullOrWhiteSpace(options.SigningKeyPemFile)
            ? ($"{KeysOptions.Section}:{nameof(KeysOptions.SigningKeyPemFile)}", options.SigningKeyPemFile)
            : (OroVariable, configuration[OroVariable]);
        if (string.IsNullOrWhiteSpace(path))
        {
            return OperatorSigningKey.None;
        }

        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid($"{setting}: cannot read '{path}' ({e.GetType().Name})");
        }

        try
        {
            return new OperatorSigningKey(PemSigningKey.Parse(pem, time.GetUtcNow()));
        }
        catch (InvalidDataException e)
        {
            throw Invalid($"{setting}: '{path}' is not a signing key we use: {e.Message} (RSA of 2048 bits or more, or EC P-256, in PEM)");
        }
    }

    private static OptionsValidationException Invalid(string failure) => new(KeysOptions.Section, typeof(KeysOptions), [failure]);
}
