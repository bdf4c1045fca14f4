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
    /// The list <paramref name="key"/> configures. The last configuration source that names the key or an item of it
    /// decides: its items (<c>Key:0</c>, <c>Key:1</c>…, merged by index with earlier sources' as the binder did into
    /// <paramref name="bound"/>); one item when it sets the key to a single value (<c>Key=value</c>, which the binder
    /// skips); none when it sets the key to an empty value (an environment variable <c>Key=</c>, or <c>[]</c> in a JSON
    /// file). No source names it: the defaults. (Asking the merged section instead let a file's items win over an
    /// environment variable that emptied the list: the binder reads items wherever they come from.)
    /// </summary>
    public static List<string> Resolve(IConfiguration configuration, string key, List<string> bound, IEnumerable<string> defaults)
    {
        if (configuration is not IConfigurationRoot root)
        {
            var section = configuration.GetSection(key);
            return !section.Exists() ? [.. defaults]
                : bound.Count == 0 && !string.IsNullOrEmpty(section.Value) ? [section.Value]
                : bound;
        }

        foreach (var source in root.Providers.Reverse())
        {
            if (source.GetChildKeys([], key).Any())
            {
                return bound;
            }

            if (source.TryGet(key, out var value))
            {
                return string.IsNullOrEmpty(value) ? [] : [value];
            }
        }

        return [.. defaults];
    }
}
