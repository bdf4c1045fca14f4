using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Where a process's allocations come from: reads a trace taken with `dotnet-trace collect --profile gc-verbose`
// (the runtime's AllocationTick event, about one per 100 KB allocated, with its stack) and prints the share of the
// sampled bytes by type and by allocation site (the type and the first FRAMES frames of its stack, default 5).
//
//   dotnet bench/Allocations/bin/Release/net10.0/Allocations.dll FILE.nettrace [FRAMES] [TOP]
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Allocations FILE.nettrace [FRAMES, default 5] [TOP, default 12]");
    return 2;
}

var frames = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var top = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 12;
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, long>();
var bySite = new Dictionary<string, long>();
long total = 0;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    total += tick.AllocationAmount64;
    byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + tick.AllocationAmount64;
    var names = new List<string>(frames);
    for (var frame = e.CallStack(); frame is not null && names.Count < frames; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        // The method without its parameters: enough to find it, short enough to read.
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        names.Add(string.IsNullOrEmpty(name) ? frame.CodeAddress.ModuleName + "!?" : paren > 0 ? name[..paren] : name);
    }

    var site = tick.TypeName + " <= " + string.Join(" < ", names);
    bySite[site] = bySite.GetValueOrDefault(site) + tick.AllocationAmount64;
}

if (total == 0)
{
    Console.Error.WriteLine($"no AllocationTick events in {args[0]}: was it taken with --profile gc-verbose?");
    return 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total / 1e6:F1} MB sampled; by type:"));
foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Take(top))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {100.0 * bytes / total,5:F1}%  {type}"));
}

Console.WriteLine("  by allocation site (type <= the frames that allocated it, innermost first):");
foreach (var (site, bytes) in bySite.OrderByDescending(p => p.Value).Take(top))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {100.0 * bytes / total,5:F1}%  {(site.Length > 300 ? site[..300] : site)}"));
}

return 0;
