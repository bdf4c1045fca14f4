namespace OroOrleans.WebFront.Api;

/// <summary>What <see cref="RequestJson.Read"/> found.</summary>
public enum RequestJsonOutcome
{
    Parsed,
    TooLarge,
    Unreadable,
    NotJson,
    Duplicate,
}
