namespace OroOrleans.Grains.Users;

/// <summary>Persisted state of <see cref="LoginNameGrain"/>.</summary>
[GenerateSerializer, Alias("LoginNameState")]
public sealed class LoginNameState
{
    [Id(0)] public string? UserId { get; set; }
}
