using System.Diagnostics;
using System.Globalization;
using OroOrleans.Grains.Users;

// The ceiling for password grants: how many passwords our own hasher (PasswordHashing.Verify, the call a login
// makes) verifies per second on this machine, on N threads (default 2) for D seconds (default 10). No HTTP, no
// Orleans. Each thread checks the right password against one stored hash, as a successful login does.
// With a third argument `argon2id`, the first login of a customer imported from Oro instead: an argon2id hash with
// PHP's defaults (64 MiB, 4 passes, 1 lane), verified by libsodium as a login does and by the managed Isopoh (the
// verifier before), alternating, two rounds each, so that the ratio comes from one run.
var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;

const string Password = "bench-Passw0rd!";
if (args.Length > 2 && args[2] == "argon2id")
{
    var oro = Isopoh.Cryptography.Argon2.Argon2.Hash(Password, 4, 64 * 1024, 1, Isopoh.Cryptography.Argon2.Argon2Type.HybridAddressing);
    var problem = ImportedPasswordHashes.Problem(oro);
    if (problem is not null || !ImportedPasswordHashes.Verify(oro, Password))
    {
        Console.Error.WriteLine($"an Oro argon2id hash does not verify: {problem ?? "wrong result"}");
        return 1;
    }

    var rates = new Dictionary<string, List<double>> { ["libsodium"] = [], ["Isopoh"] = [] };
    for (var round = 0; round < 2; round++)
    {
        rates["libsodium"].Add(Rate(() => ImportedPasswordHashes.Verify(oro, Password)));
        rates["Isopoh"].Add(Rate(() => Isopoh.Cryptography.Argon2.Argon2.Verify(oro, Password)));
    }

    foreach (var (name, measured) in rates)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"argon2id m=65536,t=4,p=1 by {name}: {string.Join(" and ", measured.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))} verifications/s on {threads} threads"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"libsodium / Isopoh: {rates["libsodium"].Sum() / rates["Isopoh"].Sum():F1}x"));
    return 0;
}

var hash = PasswordHashing.Hash(Password);

// Warm up (JIT) and check that the hash verifies without asking for a rehash.
if (!PasswordHashing.Verify(hash, Password, out var rehash) || rehash is not null)
{
    Console.Error.WriteLine("the hasher does not verify its own hash");
    return 1;
}

var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var (total, elapsed) = Run(() => PasswordHashing.Verify(hash, Password, out string? _));
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"PasswordHashing.Verify ({PasswordHashing.Iterations} iterations): {total / elapsed:F1} verifications/s on {threads} threads ({total} in {elapsed:F1} s), {total / cpu:F1} per CPU-second"));
return 0;

// Verifications a second on every thread together, for the time given.
double Rate(Func<bool> verify)
{
    var (done, elapsed) = Run(verify);
    return done / elapsed;
}

// Right passwords verified on every thread for the time given, and the seconds that took.
(long Done, double Seconds) Run(Func<bool> verify)
{
    long done = 0;
    var clock = Stopwatch.StartNew();
    var running = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
    {
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (!verify())
            {
                throw new InvalidOperationException("the right password did not verify");
            }

            Interlocked.Increment(ref done);
        }
    }, TaskCreationOptions.LongRunning)).ToArray();
    Task.WaitAll(running);
    return (done, clock.Elapsed.TotalSeconds);
}
