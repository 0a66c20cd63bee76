using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;

namespace ActorMigration.Node.Reports;

/// <summary>The metrics of one run (docs/metrics.md) as the CLI prints them: one JSON object, or flattened columns for CSV.</summary>
public static class RunMetrics
{
    /// <summary>The JSON object of <c>run --format json</c>. Keys keep a fixed order; <c>wall_ms</c> is the only wall-clock figure.</summary>
    public static JsonObject ToJson(MigrationRunResult result, double wallMs)
    {
        var r = result.Report;
        var first = r.FirstFolioLatencyPs;
        return new JsonObject
        {
            ["throughput_gbps"] = Round(r.ThroughputGBps, 4),
            ["first_folio_us"] = new JsonObject
            {
                ["median"] = FirstFolioMedianUs(r),
                ["first"] = Us(first.Count > 0 ? first[0] : 0),
                ["max"] = Us(first.Count > 0 ? first.Max() : 0),
            },
            ["inaccessible_us"] = new JsonObject
            {
                ["p50"] = InaccessibleUs(r, 0.50),
                ["p99"] = InaccessibleUs(r, 0.99),
                ["max"] = Us(r.InaccessiblePs.Max),
            },
            ["cpu_us"] = new JsonObject(r.CpuPs.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Us(kv.Value)))),
            ["copy_share"] = Round(r.CopyShare, 4),
            ["cpu_cycles_per_page"] = Round(r.CpuCyclesPerPage, 1),
            ["succeeded"] = r.Succeeded,
            ["failed"] = new JsonObject(r.Failed.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["fallbacks"] = new JsonObject(r.Fallbacks.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["batches"] = r.Batches,
            ["passes"] = r.Passes,
            ["tlb_flushes"] = r.TlbFlushes,
            ["bytes_moved"] = r.BytesMoved,
            ["events"] = result.Events,
            ["sim_time_us"] = Us(result.SimTimePs),
            ["wall_ms"] = Round(wallMs, 1),
            ["trace_hash"] = result.TraceHash.ToString("x16", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Flattens a JSON object into <c>a_b</c> columns, in key order: the metric columns of <c>sweep --format csv</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Flatten(JsonObject json, string prefix = "")
    {
        foreach (var (key, value) in json)
        {
            var name = prefix + key;
            if (value is JsonObject inner)
                foreach (var pair in Flatten(inner, name + "_")) yield return pair;
            else yield return KeyValuePair.Create(name, value is null ? "" : value.ToJsonString().Trim('"'));
        }
    }

    /// <summary>Indented JSON text.</summary>
    public static string Format(JsonObject json) => json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The median first-folio latency of the call's batches (the lower middle one of an even count), in µs as printed.</summary>
    public static double FirstFolioMedianUs(MigrationReport report)
    {
        var sorted = report.FirstFolioLatencyPs.Order().ToArray();
        return Us(sorted.Length == 0 ? 0 : sorted[(sorted.Length - 1) / 2]);
    }

    /// <summary>The nearest-rank <paramref name="p"/> percentile of the folios' inaccessible time, in µs as printed.</summary>
    public static double InaccessibleUs(MigrationReport report, double p)
    {
        var sorted = report.InaccessiblePs;
        return Us(sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)]);
    }

    private static double Us(long ps) => Round(ps / 1e6, 3);

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.ToEven);
}
