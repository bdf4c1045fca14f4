using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;

namespace OroOrleans.Tests.WebFront.Token;

/// <summary>
/// §2.2 scopes over real HTTP: a request without <c>scope</c> is granted (Oro's clients send none), a requested scope
/// must be on the client's <c>allowedScopes</c> (the seed's back-office client allows <c>read</c> and <c>write</c>, the
/// storefront client none), anything else is <c>invalid_scope</c> after the client check and before the user's.
/// </summary>
[Collection(FamiliesCollection.Name)]
[Trait("Category", TestCategories.Process)]
public sealed class ScopeTests(WebFrontFixture fixture)
{
    private const string Description = "The requested scope is invalid, unknown, or malformed";
    private readonly TestSeed seed = fixture.Seed;
    private readonly HttpClient http = fixture.CreateClient();

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("read", "read")]
    [InlineData("write  read write", "write read")]
    public async Task AllowedOrAbsentScope_IsGranted(string? requested, string granted)
    {
        var fields = Password(seed.AdminUsername, seed.AdminPassword, requested);
        using var response = await TokenClient.PostForm(http, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await TokenClient.Json(response);
        Assert.Equal(granted, new JsonWebToken((string)body["access_token"]!).GetPayloadValue<string>("scope"));
    }

    [Theory]
    [InlineData("admin", "Check the `admin` scope")]
    [InlineData("read admin", "Check the `admin` scope")]
    [InlineData("READ", "Check the `READ` scope")]
    [InlineData("read \"quoted\"", "Check the `scope` parameter")]
    public async Task ScopeOutsideTheAllowedOnes_IsInvalidScope_WhateverThePassword(string requested, string hint)
    {
        // A wrong password too: the scope is refused before any user is looked at, so the answer says nothing about it.
        using var right = await TokenClient.PostForm(http, Password(seed.AdminUsername, seed.AdminPassword, requested));
        await TokenClient.AssertError(right, 400, "invalid_scope", hint: hint, description: Description);
        using var wrong = await TokenClient.PostForm(http, Password(seed.AdminUsername, "wrong", requested));
        await TokenClient.AssertError(wrong, 400, "invalid_scope", hint: hint, description: Description);
    }

    [Fact]
    public async Task InvalidClient_WinsOverInvalidScope()
    {
        var fields = Password(seed.AdminUsername, seed.AdminPassword, "admin");
        fields["client_secret"] = "wrong";
        using var response = await TokenClient.PostForm(http, fields);
        await TokenClient.AssertError(response, 401, "invalid_client");
    }

    [Fact]
    public async Task ClientCredentialsAndGuests_AreCheckedToo()
    {
        using var machine = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "write",
        }, seed.BackofficeClientId, seed.BackofficeSecret);
        Assert.Equal(HttpStatusCode.OK, machine.StatusCode);
        using var refused = await TokenClient.PostForm(http, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "delete",
        }, seed.BackofficeClientId, seed.BackofficeSecret);
        await TokenClient.AssertError(refused, 400, "invalid_scope", hint: "Check the `delete` scope", description: Description);

        // The storefront client allows no scope at all.
        var guest = StorefrontCalls.Guest(seed.StorefrontClientId, seed.StorefrontSecret);
        guest["scope"] = "read";
        using var visitor = await TokenClient.PostForm(http, guest);
        await TokenClient.AssertError(visitor, 400, "invalid_scope", hint: "Check the `read` scope", description: Description);
    }

    private Dictionary<string, string> Password(string username, string password, string? scope)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = seed.BackofficeClientId, ["client_secret"] = seed.BackofficeSecret,
            ["username"] = username, ["password"] = password,
        };
        if (scope is not null)
        {
            fields["scope"] = scope;
        }

        return fields;
    }
}
