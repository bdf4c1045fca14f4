using System.Reflection;
using System.Runtime.CompilerServices;
using OroOrleans.Grains.Interfaces;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Solution;

/// <summary>
/// No secret, password or token reaches a log through a grain message's text. Orleans logs the body of a message it
/// drops (an expired response under load: `Dropping expired message Response … TokenRotated { Issued = … }`) with
/// its <c>ToString</c>, and a record's generated one prints every member. Every type of the grain interfaces with a
/// member named like a secret (…Token, …Secret…, …Password…) is filled with marked values, its members' records too,
/// and its text must show none of the secret ones.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed class SecretTextTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryGrainMessageWithASecret_KeepsItOutOfItsText()
    {
        var types = typeof(TokenIssued).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            .Where(t => Properties(t).Any(IsSecret))
            .OrderBy(t => t.Name)
            .ToList();
        output.WriteLine($"{types.Count} message types carry a secret: {string.Join(", ", types.Select(t => t.Name))}");
        Assert.Contains(typeof(TokenIssued), types);
        Assert.Contains(typeof(PasswordGrantRequest), types);

        foreach (var type in types)
        {
            var secrets = new List<string>();
            var text = Filled(type, secrets, depth: 0)!.ToString()!;
            Assert.True(secrets.Count > 0, type.Name);
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{type.Name}'s text shows {secret}: {text}");
            }
        }
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetIndexParameters().Length == 0);

    private static bool IsSecret(PropertyInfo property) =>
        property.PropertyType == typeof(string)
        && (property.Name.EndsWith("Token", StringComparison.Ordinal)
            || property.Name.Contains("Secret", StringComparison.Ordinal)
            || property.Name.Contains("Password", StringComparison.Ordinal));

    /// <summary>An instance with every string member marked (the secret ones noted) and every record member filled the same way.</summary>
    private static object? Filled(Type type, List<string> secrets, int depth)
    {
        if (depth > 3 || type.IsAbstract || type.IsInterface || type.Assembly != typeof(TokenIssued).Assembly || !type.IsClass)
        {
            return null;
        }

        var instance = RuntimeHelpers.GetUninitializedObject(type);
        foreach (var property in Properties(type))
        {
            if (property.PropertyType == typeof(string))
            {
                var value = $"marked-{type.Name}-{property.Name}-value";
                property.SetValue(instance, value);
                if (IsSecret(property))
                {
                    secrets.Add(value);
                }
            }
            else if (Filled(property.PropertyType, secrets, depth + 1) is { } member)
            {
                property.SetValue(instance, member);
            }
        }

        return instance;
    }
}
