using OroOrleans.Grains.Interfaces;
using OroOrleans.WebFront.Hosting;
using OroOrleans.WebFront.Auth;

namespace OroOrleans.WebFront.Api;

/// <summary>
/// Lets administrators through (§7.1), after <see cref="BearerTokenFilter"/> has accepted the token. The role is
/// read from the user's grain, not from a claim: a role taken away applies to the very next request, without
/// revoking the user's tokens, at the price of one grain call on administration routes only (never on the
/// hot API paths). Everyone else gets a JSON:API 403.
/// </summary>
public sealed class AdministratorFilter(ClusterCalls cluster) : IEndpointFilter
{
    public const string Role = "administrator";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = BearerTokenFilter.Current(context.HttpContext);
        var user = token.UserId is not { } userId ? null : await cluster.Retrying(grains => grains.Get<IUserGrain>(userId).Get());
        if (user is not { Application: ApplicationKind.Backoffice, Enabled: true } || !user.Roles.Contains(Role, StringComparer.Ordinal))
        {
            return JsonApi.Error(StatusCodes.Status403Forbidden, "forbidden", "Only administrators may do this.");
        }

        return await next(context);
    }
}
