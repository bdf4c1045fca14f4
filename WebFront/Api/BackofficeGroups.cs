namespace OroOrleans.WebFront.Api;

/// <summary>The route groups of the back-office API: any back-office token, and administrators only.</summary>
/// <param name="Api">Routes for any valid back-office access token.</param>
/// <param name="Administration">Routes for administrators (<see cref="AdministratorFilter"/>), inside <paramref name="Api"/>.</param>
public sealed record BackofficeGroups(RouteGroupBuilder Api, RouteGroupBuilder Administration);
