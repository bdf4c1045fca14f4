namespace OroOrleans.WebFront.Abuse;

/// <summary>The budgets of §2.7; each request spends exactly one.</summary>
public enum RateLimitBudget
{
    Guest,
    Password,
    Refresh,
    RevokeIntrospect,
    FailedClientAuthentication,
    ClientCredentials,
}
