using System.Reflection;
using OroOrleans.Grains.Interfaces;

namespace OroOrleans.Tests.Grains.Keys;

/// <summary>
/// §6: private keys never leave the silos. Any Orleans client that reaches a gateway can call any grain method, so
/// no method of any grain interface may return a private signing key or a refresh key, however deeply nested.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class GrainSurfaceTests
{
    private static readonly Type[] KeyMaterialTypes = [typeof(SigningKey), typeof(RefreshKey)];

    [Fact]
    public void NoGrainMethod_ReturnsPrivateOrRefreshKeyMaterial()
    {
        var methods = typeof(IKeyRingGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
            .SelectMany(t => t.GetMethods().Select(m => (Grain: t, Method: m)))
            .ToList();

        var leaks = methods
            .Where(m => Reaches(m.Method.ReturnType, new HashSet<Type>()) is not null)
            .Select(m => $"{m.Grain.Name}.{m.Method.Name} -> {Reaches(m.Method.ReturnType, new HashSet<Type>())!.Name}")
            .ToList();

        Assert.True(methods.Count > 20, $"only {methods.Count} grain methods found");
        Assert.Contains(methods, m => m.Grain == typeof(IKeyRingGrain));
        Assert.Empty(leaks);
    }

    [Fact]
    public void TheCheck_FindsKeyMaterialNestedInAReturnType()
    {
        Assert.Equal(typeof(SigningKey), Reaches(typeof(Task<IReadOnlyList<SigningKey>>), []));
        Assert.Equal(typeof(RefreshKey), Reaches(typeof(Task<Holder>), []));
        Assert.Null(Reaches(typeof(Task<PublicKeySet>), []));
    }

    /// <summary>The key-material type reachable from <paramref name="type"/> through generic arguments, arrays and public properties.</summary>
    private static Type? Reaches(Type type, HashSet<Type> seen)
    {
        if (!seen.Add(type))
        {
            return null;
        }

        if (KeyMaterialTypes.Contains(type))
        {
            return type;
        }

        if (type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType && !type.IsArray)
        {
            return null;
        }

        var parts = type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments().AsEnumerable();
        if (!type.Namespace?.StartsWith("System", StringComparison.Ordinal) ?? true)
        {
            parts = parts.Concat(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.PropertyType));
        }

        return parts.Select(p => Reaches(p, seen)).FirstOrDefault(found => found is not null);
    }

    public sealed record Holder(IReadOnlyDictionary<string, RefreshKey> Keys);
}
