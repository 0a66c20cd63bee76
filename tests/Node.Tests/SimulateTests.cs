using System.Text.Json.Nodes;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Tests;

/// <summary>Tiered systems end to end: NUMA balancing and kswapd through migrate_pages on a real world, the scenario file's checks,
/// and <c>simulate</c> as a process.</summary>
public sealed class SimulateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The shipped hot-set scenario, shortened: a cold process fills the DRAM, the hot one starts on CXL.</summary>
    private TieringScenario Scenario(string numa = "{}", string duration = "600ms", string extra = "")
    {
        var file = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(file, $"""
            name: test
            system: zen3-2s-cxl4
            duration: {duration}
            sample: 100ms
            numa_balancing: {numa}
            demotion: {"{}"}
            {extra}
            workloads:
              - {"{"} name: cold, host: h0, working_set: 261800M, regions: 256, accesses_per_second: 1e6 {"}"}
              - {"{"} name: kv, host: h0, working_set: 1G, regions: 256, accesses_per_second: 1e8, zipf: 0.99 {"}"}
            """);
        return TieringScenarioFile.Load(file);
    }

    [Fact]
    public void The_promotion_rate_limit_holds_promotion_at_or_below_its_rate()
    {
        var result = TieringSimulation.Run(Scenario("{ promote_rate_limit: 16MB/s }", "2100ms"));
        var node0 = result.Totals.Nodes.Single(n => n.Node == 0);
        var promotedBytes = node0.Vmstat.GetValueOrDefault("pgpromote_success") * 4096.0;
        Assert.True(promotedBytes > 0, "nothing was promoted");
        // The limit counts candidates per one-second window: three windows began in 2.1 s.
        Assert.True(promotedBytes <= 3 * 16e6, $"promoted {promotedBytes / 1e6:F1} MB in 2.1 s under a 16 MB/s limit");
        Assert.True(node0.Vmstat.GetValueOrDefault("pgpromote_candidate") > node0.Vmstat.GetValueOrDefault("pgpromote_success"), "the limit refused nothing");
    }

    [Fact]
    public void Demotion_goes_to_the_tier_computed_target_and_never_reclaims_there()
    {
        var scenario = Scenario();
        var target = new MemoryTiers(scenario.System).DemotionTargets(0)[0];
        var result = TieringSimulation.Run(scenario);
        var demoted = result.Totals.Nodes.Single(n => n.Node == 0).Vmstat.GetValueOrDefault("pgdemote_kswapd");
        Assert.True(demoted > 0, "kswapd demoted nothing");
        foreach (var n in result.Totals.Nodes.Where(n => n.Node != 0)) Assert.Equal(0, n.Vmstat.GetValueOrDefault("pgdemote_kswapd"));
        // Every folio demoted from node 0 or promoted to it came from or went to its demotion target, and node 1 kept its memory.
        var before = TieringSimulation.FirstTouch(scenario, scenario.System.Nodes.ToDictionary(n => n.Id, n => Watermarks.For(scenario.System, n, 10))).Used;
        var after = result.Totals.Nodes.ToDictionary(n => n.Node, n => n.UsedBytes);
        Assert.Equal(before[(1, "h0")], after[1]);
        Assert.Equal(before[(0, "h0")] + before[(target, "h0")], after[0] + after[target]);
    }

    [Fact]
    public void The_hot_threshold_filters_faults_by_latency()
    {
        // Short of room on the target, only faults quicker than the threshold are candidates: a 1 ms threshold lets through
        // far fewer than the default second.
        (long Faults, long Candidates) Count(string numa)
        {
            var node = TieringSimulation.Run(Scenario(numa)).Totals.Nodes;
            return (node.Single(n => n.Node == 2).Vmstat.GetValueOrDefault("numa_hint_faults"), node.Single(n => n.Node == 0).Vmstat.GetValueOrDefault("pgpromote_candidate"));
        }
        var strict = Count("{ hot_threshold: 1ms }");
        var loose = Count("{}");
        Assert.Equal(loose.Faults, strict.Faults); // the same faults: the filter, not the scanner, makes the difference
        Assert.True(strict.Candidates * 3 < loose.Candidates, $"candidates: {strict.Candidates} with a 1 ms threshold, {loose.Candidates} with 1 s");
    }

    [Fact]
    public void A_tiered_run_is_deterministic_and_the_seed_matters()
    {
        var a = TieringSimulation.Run(Scenario());
        var b = TieringSimulation.Run(Scenario());
        Assert.Equal(a.TraceHash, b.TraceHash);
        Assert.Equal(TieringReport.TimeSeries(a), TieringReport.TimeSeries(b));
        Assert.NotEqual(a.TraceHash, TieringSimulation.Run(Scenario() with { Seed = 2 }).TraceHash);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Hosts_feel_each_other_only_through_the_pool_device(bool device)
    {
        // Two hosts, each spilling into its slice of a shared pool; b's accesses slow down when a loads the pool, and only
        // when the pool has a device bandwidth for them to share.
        var system = Path.Combine(_dir, "pool2.yaml");
        File.WriteAllText(system, $"""
            name: pool2
            remote_socket_latency: 90ns
            hosts:
              - {"{"} name: a, sockets: 1, cores_per_socket: 8 {"}"}
              - {"{"} name: b, sockets: 1, cores_per_socket: 8 {"}"}
            memory_nodes:
              - {"{"} id: 0, kind: dram, host: a, socket: 0, capacity: 4G, latency: 110ns, bandwidth: 150GB/s, loaded_latency: 2.5 {"}"}
              - {"{"} id: 1, kind: dram, host: b, socket: 0, capacity: 4G, latency: 110ns, bandwidth: 150GB/s, loaded_latency: 2.5 {"}"}
              - {"{"} id: 2, kind: cxl_pool, hosts: [a, b], capacity: 16G, latency: 190ns, bandwidth: 52GB/s, loaded_latency: 2.5{(device ? ", device_bandwidth: 20GB/s" : "")} {"}"}
            """);
        double SlowdownOfB(double rateOfA)
        {
            var file = Path.Combine(_dir, "pool2-run.yaml");
            File.WriteAllText(file, $"""
                name: pool2-run
                system: pool2.yaml
                duration: 50ms
                sample: 10ms
                pool_epoch: 2ms
                workloads:
                  - {"{"} name: a, host: a, working_set: 8G, accesses_per_second: {rateOfA} {"}"}
                  - {"{"} name: b, host: b, working_set: 8G, accesses_per_second: 1e7 {"}"}
                """);
            return TieringSimulation.Run(TieringScenarioFile.Load(file)).Totals.Workloads.Single(w => w.Workload == "b").Slowdown;
        }
        var quiet = SlowdownOfB(1e6);
        var loud = SlowdownOfB(1e9); // ~32 GB/s on a's pool port: within the port, beyond the device
        if (device) Assert.True(loud > quiet * 1.2, $"b's slowdown {quiet:F3} with a quiet, {loud:F3} with a loud");
        else Assert.Equal(quiet, loud);
    }

    [Fact]
    public void Move_pages_with_a_node_per_entry_makes_a_call_per_run_of_one_target()
    {
        // 16 entries for nodes 0, 1, 0, 1, four at a time, all on node 2: do_pages_move() flushes at each change of node.
        var file = Path.Combine(_dir, "runs.yaml");
        File.WriteAllText(file, """
            name: runs
            system: zen3-2s-cxl4
            duration: 200ms
            sample: 100ms
            workloads:
              - { name: cold, host: h0, working_set: 261800M, regions: 256, accesses_per_second: 1e6 }
              - { name: kv, host: h0, working_set: 1G, regions: 256, accesses_per_second: 1e8, zipf: 0.99 }
            syscalls:
              - { call: move_pages, workload: kv, at: 100ms, to: [0, 1], run: 4, folios: 16 }
            """);
        var result = TieringSimulation.Run(TieringScenarioFile.Load(file));
        var caller = result.Totals.Callers.Single(c => c.Caller == "move_pages");
        Assert.Equal((4, 16, 16), (caller.Calls, caller.Folios, caller.Succeeded));
        Assert.Equal(8, result.Totals.Nodes.Single(n => n.Node == 0).Vmstat.GetValueOrDefault("pgmigrate_success"));
        Assert.Equal(8, result.Totals.Nodes.Single(n => n.Node == 1).Vmstat.GetValueOrDefault("pgmigrate_success"));
    }

    [Fact]
    public void Every_shipped_system_scenario_reads()
    {
        var files = Directory.GetFiles(RepositoryFiles.Path("config/scenarios"), "*.yaml").Where(f => TieringScenarioFile.IsSystemScenario(ConfigNode.Load(f))).ToArray();
        Assert.Contains(files, f => Path.GetFileName(f) == "spm-reserved.yaml");
        foreach (var file in files) Assert.NotEmpty(TieringScenarioFile.Load(file).Workloads);
    }

    /// <summary>A run shorter than 50 ms samples more often than every millisecond: its default epoch is the sample interval, and an
    /// epoch given longer than the interval names the key.</summary>
    [Fact]
    public void A_short_run_defaults_its_epoch_to_the_sample_interval()
    {
        var file = Path.Combine(_dir, "short.yaml");
        const string head = "name: short\nsystem: zen3-2s-cxl4\nduration: 10ms\nsample: 500us\n";
        const string workloads = "workloads:\n  - { name: kv, host: h0, working_set: 1G, accesses_per_second: 1e8 }\n";
        File.WriteAllText(file, head + workloads);
        Assert.Equal(SimTime.FromMicroseconds(500), TieringScenarioFile.Load(file).Epoch);
        File.WriteAllText(file, head + "epoch: 1ms\n" + workloads);
        var e = Assert.Throws<ConfigException>(() => TieringScenarioFile.Load(file));
        Assert.Contains("epoch: expected at most the sample interval", e.Message);
    }

    [Theory]
    [InlineData("host: h9", "workloads[1].host", "no host 'h9'")]
    [InlineData("working_set: 2000G", "workloads[1].working_set", "does not fit")]
    [InlineData("folio: 3K", "workloads[1].folio", "power of two")]
    [InlineData("zipf: -1", "workloads[1].zipf", "")]
    public void Bad_workloads_name_the_key(string change, string key, string expected)
    {
        var file = Path.Combine(_dir, "bad.yaml");
        var text = $"""
            name: bad
            system: zen3-2s-cxl4
            duration: 1s
            workloads:
              - {"{"} name: cold, host: h0, working_set: 100G, accesses_per_second: 1e6 {"}"}
              - {"{"} name: kv, host: h0, working_set: 1G, accesses_per_second: 1e8, {change} {"}"}
            """;
        File.WriteAllText(file, text.Replace("host: h0, working_set: 1G, accesses_per_second: 1e8, host: h9", "host: h9, working_set: 1G, accesses_per_second: 1e8")
            .Replace("working_set: 1G, accesses_per_second: 1e8, working_set: 2000G", "working_set: 2000G, accesses_per_second: 1e8"));
        var e = Assert.Throws<ConfigException>(() => TieringScenarioFile.Load(file));
        Assert.Contains(key, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Simulate_prints_json_and_writes_time_series()
    {
        var file = Path.Combine(_dir, "s.yaml");
        Scenario();
        var r = CliProcess.Run("simulate", file, "--format", "json", "--out", _dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonNode.Parse(r.Stdout)!.AsObject();
        Assert.Equal(16, ((string)json["trace_hash"]!).Length);
        Assert.Contains(json["callers"]!.AsArray(), c => (string)c!["caller"]! == "numa_balancing" && (long)c["succeeded"]! > 0);
        var nodes = File.ReadAllLines(Path.Combine(_dir, "nodes.csv"));
        Assert.StartsWith("time_s,node,tier,used_bytes,traffic_gbps,numa_hint_faults_mbps", nodes[0]);
        Assert.Equal(1 + 6 * 6, nodes.Length); // six samples of six nodes
        Assert.True(File.Exists(Path.Combine(_dir, "workloads.csv")));
    }

    [Fact]
    public void A_sweep_file_given_to_simulate_and_a_system_scenario_given_to_sweep_say_so()
    {
        var r = CliProcess.Run("simulate", "rfc-v3-throughput");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("actormigration sweep", r.Stderr);
        r = CliProcess.Run("sweep", "tiering-rate-limit");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("actormigration simulate", r.Stderr);
    }
}
