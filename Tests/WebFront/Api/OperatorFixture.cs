using OroOrleans.Tests.Infrastructure;

namespace OroOrleans.Tests.WebFront.Api;

/// <summary>
/// One standalone server for the operator-facing tests (client administration, strict OAuth clients, resource
/// servers): issuance counters flushed every 200 ms, so that a test sees its counts without waiting 10 s.
/// </summary>
public sealed class OperatorFixture : WebFrontFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Issuance__FlushInterval"] = "00:00:00.200",
    };
}

[CollectionDefinition(Name)]
public sealed class OperatorCollection : ICollectionFixture<OperatorFixture>
{
    public const string Name = "Operator";
}
