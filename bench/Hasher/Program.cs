using System.Diagnostics;
using System.Globalization;
using OroOrleans.Grains.Users;

// The ceiling for password grants: how many passwords our own hasher (PasswordHashing.Verify, the call a login
// makes) verifies per second on this machine, on N threads (default 2) for D seconds (default 10). No HTTP, no
// Orleans. Each thread checks the right password against one stored hash, as a successful login does.
var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;

const string Password = "bench-Passw0rd!";
var hash = PasswordHashing.Hash(Password);

// Warm up (JIT) and check that the hash verifies without asking for a rehash.
if (!PasswordHashing.Verify(hash, Password, out var rehash) || rehash is not null)
{
    Console.Error.WriteLine("the hasher does not verify its own hash");
    return 1;
}

long total = 0;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var stop = Stopwatch.StartNew();
var workers = Enumerable.Range(0, threads).Select(_ => Task.Factory.StartNew(() =>
{
    long mine = 0;
    while (stop.Elapsed.TotalSeconds < seconds)
    {
        PasswordHashing.Verify(hash, Password, out string? _);
        mine++;
    }

    Interlocked.Add(ref total, mine);
}, TaskCreationOptions.LongRunning)).ToArray();
Task.WaitAll(workers);
var elapsed = stop.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"PasswordHashing.Verify ({PasswordHashing.Iterations} iterations): {total / elapsed:F1} verifications/s on {threads} threads ({total} in {elapsed:F1} s), {total / cpu:F1} per CPU-second"));
return 0;
