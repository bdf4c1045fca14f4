using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OroOrleans.Silo.Hosting;

/// <summary>
/// Lets PostgreSQL's exceptions cross from a silo to other silos and front ends. Orleans encodes an exception only
/// when its namespace is on <see cref="ExceptionSerializationOptions.SupportedNamespacePrefixes"/> ("Microsoft",
/// "System", "Azure"); an <c>Npgsql.PostgresException</c> inside a failed activation made the silo's answer
/// unencodable, so the front end received a <c>CodecNotFoundException</c> and logged that instead of the
/// database's refusal. Only the sender needs this: Orleans decodes any type named "…Exception" (its
/// <c>DefaultTypeFilter</c>), building it without a constructor, so on the receiving side the exception has its
/// type, message and <c>Data</c> (Npgsql keeps the SQLSTATE there) but not its own properties (<c>SqlState</c> is null).
/// </summary>
public static class WireExceptions
{
    /// <summary>The namespace prefix of Npgsql's exception types.</summary>
    public const string NpgsqlNamespace = "Npgsql";

    public static IServiceCollection AddNpgsqlExceptionsOnTheWire(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add(NpgsqlNamespace));
}
