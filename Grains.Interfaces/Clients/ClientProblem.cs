namespace OroOrleans.Grains.Interfaces;

/// <summary>Why a client registration or change was refused: the member at fault and what is wrong with it.</summary>
/// <param name="Member">The attribute: <c>name</c>, <c>grants</c>, <c>owner</c>, <c>allowedScopes</c>.</param>
/// <param name="Detail">One sentence for the operator.</param>
[GenerateSerializer, Immutable, Alias("ClientProblem")]
public sealed record ClientProblem(string Member, string Detail);
