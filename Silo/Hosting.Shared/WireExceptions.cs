using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Lets PostgreSQL's exceptions cross between silos and front ends. Orleans encodes an exception only when its
/// namespace is on <see cref="ExceptionSerializationOptions.SupportedNamespacePrefixes"/> ("Microsoft", "System",
/// "Azure"); an <c>Npgsql.PostgresException</c> inside a failed activation made the silo's answer unencodable, so
/// the front end received a <c>CodecNotFoundException</c> and logged that instead of the database's refusal.
/// Silos and clients of a PostgreSQL cluster both call this: one encodes, the other decodes.
/// </summary>
public static class WireExceptions
{
    /// <summary>The namespace prefix of Npgsql's exception types.</summary>
    public const string NpgsqlNamespace = "Npgsql";

    public static IServiceCollection AddNpgsqlExceptionsOnTheWire(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add(NpgsqlNamespace));
}
