namespace OroOrleans.WebFront.Api;

/// <summary>The route groups of the back-office API: any back-office token, and administrators only.</summary>
/// <param name="Api">Routes for any valid back-office access token.</param>
/// <param name="Administration">
/// Routes for administrators (<see cref="AdministratorFilter"/>): a sibling of <paramref name="Api"/> inside the bearer
/// group, so a convention added to one does not reach the other. In both, a route takes only the query parameters it
/// declares (<see cref="QueryParameters.Takes{TBuilder}"/>).
/// </param>
public sealed record BackofficeGroups(RouteGroupBuilder Api, RouteGroupBuilder Administration);
