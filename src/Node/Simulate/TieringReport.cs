using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Reports;

namespace ActorMigration.Node.Simulate;

/// <summary>What <c>simulate</c> prints and writes: per node occupancy and vmstat rates, per caller, per workload, per host's copy
/// engines; as a table, as JSON, and as CSV time series.</summary>
public static class TieringReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The run as one JSON object: the scenario's identity, then totals (rates over the whole run), then <c>trace_hash</c>.</summary>
    public static JsonObject ToJson(TieringScenario scenario, TieringResult result, double wallMs)
    {
        var t = result.Totals;
        var run = TieringInterval.Between(null, t);
        return new JsonObject
        {
            ["scenario"] = scenario.Name,
            ["system"] = scenario.System.Name,
            ["seconds"] = run.EndSeconds,
            ["nodes"] = new JsonArray(t.Nodes.Zip(run.Nodes, (n, rates) => (JsonNode)new JsonObject
            {
                ["node"] = n.Node,
                ["tier"] = n.Tier,
                ["capacity_bytes"] = n.CapacityBytes,
                ["used_bytes"] = n.UsedBytes,
                ["traffic_gbps"] = Round(rates.TrafficGbps, 3),
                ["vmstat"] = new JsonObject(TieringTelemetry.VmstatNames.Select(v => KeyValuePair.Create(v, (JsonNode?)n.Vmstat.GetValueOrDefault(v)))),
                ["promote_mbps"] = Round(rates.VmstatMbps["pgpromote_success"], 3),
                ["demote_mbps"] = Round(rates.VmstatMbps["pgdemote_kswapd"], 3),
            }).ToArray()),
            ["callers"] = new JsonArray(t.Callers.Select(c => (JsonNode)new JsonObject
            {
                ["caller"] = c.Caller,
                ["calls"] = c.Calls,
                ["folios"] = c.Folios,
                ["succeeded"] = c.Succeeded,
                ["failed"] = c.Failed,
                ["inaccessible_us_p50"] = Round(c.InaccessibleP50Ps / 1e6, 3),
                ["inaccessible_us_p99"] = Round(c.InaccessibleP99Ps / 1e6, 3),
                ["cpu_ms"] = Round(c.CpuPs / 1e9, 3),
                ["rounds"] = c.Rounds,
                ["round_us_p50"] = Round(c.RoundP50Ps / 1e6, 3),
                ["round_us_p99"] = Round(c.RoundP99Ps / 1e6, 3),
            }).ToArray()),
            ["workloads"] = new JsonArray(run.Workloads.Select(w => (JsonNode)new JsonObject
            {
                ["workload"] = w.Workload,
                ["slowdown"] = Round(w.Slowdown, 4),
                ["fast_tier_hit_ratio"] = Round(w.FastTierHitRatio, 4),
                ["migration_stall_ms"] = Round(w.MigrationStallMs, 3),
            }).ToArray()),
            ["engines"] = new JsonArray(run.Engines.Select(e => (JsonNode)new JsonObject
            {
                ["host"] = e.Host,
                ["dma_channels"] = e.Channels,
                ["channel_utilisation"] = Round(e.ChannelUtilisation, 4),
                ["copy_worker_ms"] = Round(e.CopyWorkerMs, 3),
            }).ToArray()),
            ["memory_hotplug"] = new JsonArray(result.Offlines.Select(o => (JsonNode)new JsonObject
            {
                ["node"] = o.Node,
                ["at_ms"] = Round(o.AtPs / 1e9, 3),
                ["result"] = o.Result,
                ["reason"] = o.Reason,
                ["took_ms"] = o.EndPs < 0 ? null : Round((o.EndPs - o.AtPs) / 1e9, 3),
                ["rounds"] = o.Rounds,
                ["folios_migrated"] = o.Migrated,
                ["folios_left"] = o.FoliosLeft,
            }).ToArray()),
            ["gpus"] = new JsonArray(run.Gpus.Select(g => (JsonNode)new JsonObject
            {
                ["gpu"] = g.Gpu,
                ["node"] = g.Node,
                ["prefetched_bytes"] = g.PrefetchedBytes,
                ["faulted_in_bytes"] = g.FaultedInBytes,
                ["evicted_bytes"] = g.EvictedBytes,
                ["faulted_back_bytes"] = g.FaultedBackBytes,
                ["other_out_bytes"] = g.OtherOutBytes,
                ["copy_engine_utilisation"] = Round(g.CopyEngineUtilisation, 4),
                ["sdma_windows"] = g.SdmaWindows,
                ["kernels"] = g.Kernels,
                ["kernel_ms"] = Round(g.KernelMs, 3),
                ["enospc"] = g.Enospc,
            }).ToArray()),
            ["events"] = result.Events,
            ["wall_ms"] = Round(wallMs, 1),
            ["trace_hash"] = result.TraceHash.ToString("x16", Inv),
        };
    }

    /// <summary>The JSON, indented.</summary>
    public static string Format(JsonObject json) => json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The table for people.</summary>
    public static string Table(TieringScenario scenario, JsonObject json)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv, $"{scenario.Name} on {scenario.System.Name}: {json["seconds"]} s of virtual time, seed {scenario.Seed}, copy {(scenario.Copy is { } copy ? $"{copy.Mode.ToString().ToLowerInvariant()}{(copy.Workers > 1 ? $" x{copy.Workers}" : "")}" : "vanilla")}");
        s.AppendLine();
        s.AppendLine(Inv, $"{"node",4}  {"tier",4}  {"used",10}  {"of",10}  {"GB/s",7}  {"promote MB/s",12}  {"demote MB/s",11}  {"hint faults",11}  {"candidates",10}");
        foreach (var n in json["nodes"]!.AsArray())
        {
            var v = n!["vmstat"]!;
            s.AppendLine(Inv, $"{n["node"],4}  {n["tier"],4}  {Gib(n["used_bytes"]),10}  {Gib(n["capacity_bytes"]),10}  {n["traffic_gbps"],7}  {n["promote_mbps"],12}  {n["demote_mbps"],11}  {v["numa_hint_faults"],11}  {v["pgpromote_candidate"],10}");
        }
        s.AppendLine();
        s.AppendLine(Inv, $"{"caller",-18}  {"calls",9}  {"folios",9}  {"failed",7}  {"inaccessible p50/p99 us",23}  {"CPU ms",9}  {"rounds",6}  {"round p50/p99 us",20}");
        foreach (var c in json["callers"]!.AsArray())
            s.AppendLine(Inv, $"{c!["caller"],-18}  {c["calls"],9}  {c["folios"],9}  {c["failed"],7}  {$"{c["inaccessible_us_p50"]} / {c["inaccessible_us_p99"]}",23}  {c["cpu_ms"],9}  {c["rounds"],6}  {((long)c["rounds"]! == 0 ? "-" : $"{c["round_us_p50"]} / {c["round_us_p99"]}"),20}");
        s.AppendLine();
        s.AppendLine(Inv, $"{"workload",-16}  {"slowdown",8}  {"fast-tier hits",14}  {"waiting on migration ms",23}");
        foreach (var w in json["workloads"]!.AsArray())
            s.AppendLine(Inv, $"{w!["workload"],-16}  {w["slowdown"],8}  {w["fast_tier_hit_ratio"],14}  {w["migration_stall_ms"],23}");
        s.AppendLine();
        s.AppendLine(Inv, $"{"host",-8}  {"DMA channels",12}  {"channel utilisation",19}  {"copy worker ms",14}");
        foreach (var e in json["engines"]!.AsArray())
            s.AppendLine(Inv, $"{e!["host"],-8}  {e["dma_channels"],12}  {e["channel_utilisation"],19}  {e["copy_worker_ms"],14}");
        if (json["gpus"]!.AsArray().Count > 0)
        {
            s.AppendLine();
            s.AppendLine(Inv, $"{"gpu",-8}  {"node",4}  {"prefetched",10}  {"faulted in",10}  {"evicted",10}  {"faulted back",12}  {"SDMA busy",9}  {"windows",9}  {"kernels",7}  {"kernel ms",10}  {"ENOSPC",6}");
            foreach (var g in json["gpus"]!.AsArray())
                s.AppendLine(Inv, $"{g!["gpu"],-8}  {g["node"],4}  {Gib(g["prefetched_bytes"]),10}  {Gib(g["faulted_in_bytes"]),10}  {Gib(g["evicted_bytes"]),10}  {Gib(g["faulted_back_bytes"]),12}  {g["copy_engine_utilisation"],9}  {g["sdma_windows"],9}  {g["kernels"],7}  {g["kernel_ms"],10}  {g["enospc"],6}");
        }
        s.AppendLine();
        if (json["memory_hotplug"]!.AsArray().Count > 0)
        {
            s.AppendLine(Inv, $"{"offline node",12}  {"at ms",8}  {"result",-9}  {"took ms",9}  {"rounds",6}  {"migrated",9}  {"left",6}  reason");
            foreach (var o in json["memory_hotplug"]!.AsArray())
                s.AppendLine(Inv, $"{o!["node"],12}  {o["at_ms"],8}  {o["result"],-9}  {o["took_ms"]?.ToString() ?? "-",9}  {o["rounds"],6}  {o["folios_migrated"],9}  {o["folios_left"],6}  {o["reason"]}");
            s.AppendLine();
        }
        s.Append(Inv, $"events {json["events"]}  wall {json["wall_ms"]} ms  trace_hash {json["trace_hash"]}");
        return s.ToString();
    }

    /// <summary>The time series, one CSV per kind, rates over each sample interval: file name → text.</summary>
    public static IReadOnlyList<(string File, string Text)> TimeSeries(TieringResult result)
    {
        var nodes = new StringBuilder("time_s,node,tier,used_bytes,traffic_gbps," + string.Join(",", TieringTelemetry.VmstatNames.Select(v => v + "_mbps")) + "\n");
        var callers = new StringBuilder("time_s,caller,calls,folios,succeeded,failed,cpu_ms\n");
        var workloads = new StringBuilder("time_s,workload,slowdown,fast_tier_hit_ratio,migration_stall_ms\n");
        var engines = new StringBuilder("time_s,host,channel_utilisation,copy_worker_ms\n");
        var gpus = new StringBuilder("time_s,gpu,node,prefetched_bytes,faulted_in_bytes,evicted_bytes,faulted_back_bytes,other_out_bytes,copy_engine_utilisation,sdma_windows,kernels,kernel_ms,enospc\n");
        foreach (var i in TieringInterval.Of(result))
        {
            var t = i.EndSeconds.ToString("0.######", Inv);
            foreach (var n in i.Nodes)
                nodes.Append(Inv, $"{t},{n.Node},{n.Tier},{n.UsedBytes},{F(n.TrafficGbps)},{string.Join(",", TieringTelemetry.VmstatNames.Select(v => F(n.VmstatMbps[v])))}\n");
            foreach (var c in i.Callers)
                callers.Append(Inv, $"{t},{c.Caller},{c.Calls},{c.Folios},{c.Succeeded},{c.Failed},{F(c.CpuMs)}\n");
            foreach (var w in i.Workloads)
                workloads.Append(Inv, $"{t},{w.Workload},{F(w.Slowdown)},{F(w.FastTierHitRatio)},{F(w.MigrationStallMs)}\n");
            foreach (var e in i.Engines)
                engines.Append(Inv, $"{t},{e.Host},{F(e.ChannelUtilisation)},{F(e.CopyWorkerMs)}\n");
            foreach (var g in i.Gpus)
                gpus.Append(Inv, $"{t},{g.Gpu},{g.Node},{g.PrefetchedBytes},{g.FaultedInBytes},{g.EvictedBytes},{g.FaultedBackBytes},{g.OtherOutBytes},{F(g.CopyEngineUtilisation)},{g.SdmaWindows},{g.Kernels},{F(g.KernelMs)},{g.Enospc}\n");
        }
        (string, string)[] files = [("nodes.csv", nodes.ToString()), ("callers.csv", callers.ToString()), ("workloads.csv", workloads.ToString()), ("engines.csv", engines.ToString())];
        return result.Totals.Gpus.Count == 0 ? files : [.. files, ("gpus.csv", gpus.ToString())];
    }

    private static double Round(double v, int digits) => Math.Round(v, digits);

    private static string F(double v) => Math.Round(v, 4).ToString(Inv);

    private static string Gib(JsonNode? bytes) => (bytes!.GetValue<long>() / (double)(1L << 30)).ToString("0.00", Inv) + "G";
}
