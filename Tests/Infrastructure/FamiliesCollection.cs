
namespace OroOrleans.Tests.Infrastructure;

/// <summary>
/// Its own WebFront process for the refresh-family tests: they revoke families and lock accounts, which must not
/// leak into other collections' server.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FamiliesCollection : ICollectionFixture<WebFrontFixture>
{
    public const string Name = "Families";
}
