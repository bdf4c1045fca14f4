namespace OroOrleans.WebFront.Hosting;

/// <summary>
/// A list setting whose configured items replace its default. The configuration binder adds the items it reads to a
/// list it finds filled, so a default given as the property's initial value could not be taken out, and an error
/// named an item by its index after the default's. List properties start empty; the default is put in here, after
/// binding, only when the key is absent.
/// </summary>
public static class ListSetting
{
    /// <summary>
    /// <paramref name="bound"/>, the items under <paramref name="section"/> (<c>Key:0</c>, <c>Key:1</c>…); the
    /// defaults when the key is absent; one item when the key holds a single value (<c>Key=value</c>, which the binder
    /// skips); none when the key is set to an empty value.
    /// </summary>
    public static List<string> Resolve(IConfigurationSection section, List<string> bound, IEnumerable<string> defaults) =>
        !section.Exists() ? [.. defaults]
        : bound.Count == 0 && !string.IsNullOrEmpty(section.Value) ? [section.Value]
        : bound;
}
