namespace OroOrleans.Tests.Infrastructure;

/// <summary>Reads a process's Prometheus page (<c>/metrics</c>).</summary>
public static class MetricsScrape
{
    /// <summary>Polls a <c>/metrics</c> page until <paramref name="ready"/> holds (the exporter caches a scrape briefly).</summary>
    public static async Task<string> Until(Uri management, Func<string, bool> ready, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string page;
        do
        {
            page = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (ready(page))
            {
                return page;
            }

            await Task.Delay(300);
        }
        while (DateTime.UtcNow < deadline);
        return page;
    }
}
