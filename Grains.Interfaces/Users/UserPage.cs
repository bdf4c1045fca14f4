namespace OroOrleans.Grains.Interfaces;

/// <summary>One page of accounts.</summary>
/// <param name="Users">The accounts of the page, by id.</param>
/// <param name="HasNext">Whether ids beyond this page have been handed out (a next page may hold accounts).</param>
[GenerateSerializer, Immutable, Alias("UserPage")]
public sealed record UserPage(IReadOnlyList<UserView> Users, bool HasNext);
