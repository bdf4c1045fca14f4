namespace OroOrleans.Tests.Infrastructure;

/// <summary>An access token and the refresh token issued with it.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken);
