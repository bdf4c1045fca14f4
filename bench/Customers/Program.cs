// Creates N customer users through the accounts grain on an in-process silo with the standalone SQLite storage,
// then restarts the silo and reads the first and the last page cold and warm. Prints creates/s, stored bytes per
// customer (by state, from the database), how often the id sequence was written, and the page latencies.
//
//   dotnet run -c Release --project bench/Customers -- 100000 32     # customers, parallel creates
//
// Passwords: one hash, made once by the product's hasher, is given to every create (UserSpec.PasswordHash), so
// the figure is the directory's cost, not PBKDF2's (which is the same per create at any scale: see hash/s below).
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OroOrleans.Grains;
using OroOrleans.Grains.Interfaces;
using OroOrleans.Grains.Users;
using OroOrleans.Silo.Hosting;
using OroOrleans.Silo.Storage;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var parallel = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var data = Directory.CreateTempSubdirectory("oroorleans-customers-").FullName;
try
{
    var sw = Stopwatch.StartNew();
    var hash = PasswordHashing.Hash("bench-password-1");
    var hashMs = sw.Elapsed.TotalMilliseconds;
    Console.WriteLine($"customers={count} parallel={parallel} data={data}");
    Console.WriteLine($"one PBKDF2 hash (the per-create cost of a real password, not in creates/s): {hashMs:F0} ms");

    using (var host = await Start(data))
    {
        var accounts = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountsGrain>("storefront");
        var latencies = new double[count];
        var failures = 0;
        sw.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            var result = await accounts.CreateUser(new UserSpec(ApplicationKind.Storefront, null, $"customer-{i}@bench.example", "unused", [], true, hash));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (result.Error != CreateUserError.None)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var seconds = sw.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine($"creates: {count / seconds:F0}/s ({seconds:F1} s, failures {failures}), create latency p50 {latencies[count / 2]:F1} ms p99 {latencies[count * 99 / 100]:F1} ms");
        await host.StopAsync();
    }

    Stored(data, count);

    using (var host = await Start(data))
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var accounts = grains.GetGrain<IAccountsGrain>("storefront");
        var next = await grains.GetGrain<IUserDirectoryGrain>("storefront").NextId();
        var last = (int)((next - 1_000_000_001 + 99) / 100);
        Console.WriteLine($"after restart: next id {next}, {last} pages of 100");
        foreach (var (name, number, size) in new[] { ("first page of 10", 1, 10), ("first page of 100", 1, 100), ("last page of 100", last, 100), ("middle page of 100", last / 2 + 1, 100) })
        {
            var cold = await Time(() => accounts.ListPage(number, size));
            var warm = new List<double>();
            UserPage? page = null;
            for (var i = 0; i < 5; i++)
            {
                warm.Add(await Time(async () => page = await accounts.ListPage(number, size)));
            }

            warm.Sort();
            Console.WriteLine($"{name} (page {number}): cold {cold:F1} ms, warm median {warm[2]:F1} ms, {page!.Users.Count} users, next={page.HasNext}");
        }

        var probe = $"customer-{count - 1}@bench.example";
        var byEmail = await Time(() => accounts.FindByEmail(probe));
        Console.WriteLine($"filter[email] (last customer): {byEmail:F1} ms cold");
        await host.StopAsync();
    }
}
finally
{
    Directory.Delete(data, recursive: true);
}

static async Task<double> Time<T>(Func<Task<T>> call)
{
    var started = Stopwatch.GetTimestamp();
    await call();
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

static void Stored(string data, int count)
{
    var file = Path.Combine(data, SqliteStore.DatabaseFileName);
    var bytes = new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
    Console.WriteLine($"database file: {bytes / 1048576.0:F1} MiB, {bytes / (double)count:F0} B per customer");
    using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT GrainTypeString, COUNT(*), SUM(LENGTH(PayloadBinary)), MAX(Version) FROM OrleansStorage GROUP BY GrainTypeString";
    using var reader = command.ExecuteReader();
    long payload = 0;
    while (reader.Read())
    {
        var sum = reader.GetInt64(2);
        payload += sum;
        Console.WriteLine($"  state {reader.GetString(0)}: {reader.GetInt64(1)} rows, {sum} B payload, most writes to one row {reader.GetInt64(3)}");
    }

    Console.WriteLine($"stored payload: {payload / (double)count:F0} B per customer");
}

// The product's standalone silo (what a standalone front end co-hosts: SQLite storage, in-memory reminders, the key
// ring), on the bench's own data directory.
static async Task<IHost> Start(string data)
{
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Tokens:Issuer"] = "http://bench.example",
        ["Standalone:DataDirectory"] = data,
    });
    builder.UseOrleans(silo => silo.UseOroStandalone(builder.Configuration));
    var host = builder.Build();
    await host.StartAsync();
    return host;
}
