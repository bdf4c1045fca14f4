using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Users;

namespace OroOrleans.Tests.Grains.Users;

/// <summary>§7.1 at storefront scale: ids from leased ranges, pages that read only their own ids, email lookup.</summary>
[Collection(GrainClusterCollection.Name)]
[Trait("Category", TestCategories.Cluster)]
public sealed class AccountsGrainTests(GrainClusterFixture fixture)
{
    [Fact]
    public async Task ManyCreations_LeaseFewRanges_AndPagesListThemInIdOrder()
    {
        var accounts = fixture.Grains.GetGrain<IAccountsGrain>("storefront");
        var directory = fixture.Grains.GetGrain<IUserDirectoryGrain>("storefront");
        var emails = Enumerable.Range(0, 40).Select(_ => $"c-{Guid.NewGuid():N}@example.com").ToArray();

        var created = new List<UserView>();
        foreach (var email in emails)
        {
            var result = await accounts.CreateUser(new UserSpec(ApplicationKind.Storefront, null, email, "right-password", [], true));
            Assert.Equal(CreateUserError.None, result.Error);
            created.Add(result.User!);
        }

        var numbers = created.Select(u => long.Parse(u.Id, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(numbers.Distinct().Count(), numbers.Length);
        // Fast creations grow the lease, so most ids come in one run: the sequence was not written per account.
        var runs = numbers.Zip(numbers.Skip(1)).Count(p => p.Second != p.First + 1) + 1;
        Assert.True(runs <= 12, $"{runs} runs of ids for 40 creations");
        Assert.True(await directory.NextId() > numbers.Max());

        const int size = 7;
        var pageOfFirst = (int)((numbers[0] - 1_000_000_001) / size) + 1;
        var page = await accounts.ListPage(pageOfFirst, size);
        Assert.Contains(page.Users, u => u.Id == created[0].Id);
        Assert.True(page.Users.Count <= size);
        Assert.Equal(page.Users.OrderBy(u => long.Parse(u.Id, System.Globalization.CultureInfo.InvariantCulture)).Select(u => u.Id), page.Users.Select(u => u.Id));
        Assert.True(page.HasNext);

        var beyond = await accounts.ListPage((int)((await directory.NextId() - 1_000_000_001) / size) + 2, size);
        Assert.Empty(beyond.Users);
        Assert.False(beyond.HasNext);
    }

    [Fact]
    public async Task FindByEmail_IgnoresCase_AndKeepsApplicationsApart()
    {
        var email = $"f-{Guid.NewGuid():N}@example.com";
        var customer = await fixture.Grains.GetGrain<IAccountsGrain>("storefront")
            .CreateUser(new UserSpec(ApplicationKind.Storefront, null, email, "right-password", [], true));

        Assert.Equal(customer.User!.Id, (await fixture.Grains.GetGrain<IAccountsGrain>("storefront").FindByEmail(email.ToUpperInvariant()))?.Id);
        Assert.Null(await fixture.Grains.GetGrain<IAccountsGrain>("backoffice").FindByEmail(email));
        Assert.Null(await fixture.Grains.GetGrain<IAccountsGrain>("storefront").FindByEmail("nobody-" + email));
    }

    [Fact]
    public async Task ReturnedId_IsTheNextOneTaken()
    {
        var allocator = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<UserIdAllocator>();

        var first = await allocator.Take(ApplicationKind.Backoffice);
        await allocator.Return(ApplicationKind.Backoffice, first);
        var again = await allocator.Take(ApplicationKind.Backoffice);
        var after = await allocator.Take(ApplicationKind.Backoffice);

        Assert.Equal(first, again);
        Assert.NotEqual(first, after);
    }
}
