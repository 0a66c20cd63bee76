using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorMigration.Node.Bench;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration bench runtime [--format table|json] [--scale X]</c>.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var scale = new Option<double>("--scale") { Description = "Multiplies the event counts (1 = the reported configuration)", DefaultValueFactory = _ => 1.0 };
        var runtime = new Command("runtime", "Throughput of the actor runtime: ping-pong, fan-out to random peers, 100,000 pending timers");
        runtime.Options.Add(format);
        runtime.Options.Add(scale);
        runtime.SetAction(parse =>
        {
            var s = parse.GetValue(scale);
            if (!(s > 0)) throw new UsageException($"--scale: expected a positive number, got {s.ToString(CultureInfo.InvariantCulture)}");
            var results = RuntimeBenchmark.RunAll(s);
            if (parse.GetValue(format) == "json") Console.WriteLine(ToJson(results));
            else
                foreach (var r in results)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Name,-10} {r.EventsPerSecond / 1e6,8:F2} M/s  {r.Events,12:N0} events  {r.AllocatedBytesPerEvent,6:F2} B/event"));
            return ExitCodes.Ok;
        });
        var bench = new Command("bench", "Benchmarks");
        bench.Subcommands.Add(runtime);
        return bench;
    }

    private static string ToJson(IReadOnlyList<RuntimeBenchmark.Result> results)
    {
        var figures = new Dictionary<string, object>();
        foreach (var r in results)
        {
            var rateName = r.Name == "timers" ? "timers_per_s" : $"{r.Name}_msgs_per_s";
            figures[rateName] = Math.Round(r.EventsPerSecond);
            figures[$"{r.Name}_events"] = r.Events;
            figures[$"{r.Name}_alloc_bytes_per_event"] = Math.Round(r.AllocatedBytesPerEvent, 3);
        }
        figures["processor_count"] = Environment.ProcessorCount;
        return JsonSerializer.Serialize(figures);
    }
}
