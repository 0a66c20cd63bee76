using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Config;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Tests;

/// <summary>The shipped specific-purpose memory and memory hotplug scenarios end to end, and the scenario keys they add.</summary>
public sealed class SpmHotplugScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("spm-hotplug-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Each runs twice to the same trace hash and time series.</summary>
    [Theory]
    [InlineData("spm-reserved")]
    [InlineData("memory-hotplug-offline")]
    public void The_shipped_scenario_is_deterministic(string name)
    {
        var scenario = TieringScenarioFile.Load(name);
        var a = TieringSimulation.Run(scenario);
        var b = TieringSimulation.Run(scenario);
        Assert.Equal(a.TraceHash, b.TraceHash);
        Assert.Equal(TieringReport.TimeSeries(a), TieringReport.TimeSeries(b));
        Assert.Equal(a.Offlines, b.Offlines);
    }

    /// <summary>memory-hotplug-offline: node 3 empties and goes offline; node 5 keeps exactly its pinned folios (1% of rdma's 2 GiB:
    /// 3 of 256 regions) and fails with -EINTR at its timeout, the rest migrated; DRAM node 0 refuses with -EBUSY. The JSON report
    /// has each offline and the memory_hotplug caller.</summary>
    [Fact]
    public void The_hotplug_scenario_offlines_a_movable_node_and_fails_cleanly_on_pins_and_unmovable_memory()
    {
        var scenario = TieringScenarioFile.Load("memory-hotplug-offline");
        var result = TieringSimulation.Run(scenario);
        Assert.Equal(["offlined", "EINTR", "EBUSY"], result.Offlines.Select(o => o.Result));
        var pinnedFolios = 3 * (2L << 30) / 4096 / 256;
        Assert.Equal((0L, pinnedFolios * 4096), (Used(result, 3), Used(result, 5)));
        Assert.Equal(pinnedFolios, result.Offlines[1].FoliosLeft);
        Assert.Equal((2L << 30) / 4096 - pinnedFolios, result.Offlines[1].Migrated);
        var json = TieringReport.ToJson(scenario, result, 0);
        Assert.Equal(3, json["memory_hotplug"]!.AsArray().Count);
        Assert.Equal("signal backoff", (string)json["memory_hotplug"]![1]!["reason"]!);
        Assert.Contains(json["callers"]!.AsArray(), c => (string)c!["caller"]! == "memory_hotplug" && (long)c["succeeded"]! == result.Offlines.Sum(o => o.Migrated));
        Assert.Contains("offline node", TieringReport.Table(scenario, json));
    }

    /// <summary>spm-reserved: node 6 holds the store's 16 GiB and nothing else at every sample while kswapd demotes node 0's cold
    /// folios past it.</summary>
    [Fact]
    public void The_spm_scenario_keeps_the_reserved_node_to_its_workload()
    {
        var result = TieringSimulation.Run(TieringScenarioFile.Load("spm-reserved"));
        Assert.All(result.Samples, s => Assert.Equal(16L << 30, s.Nodes.Single(n => n.Node == 6).UsedBytes));
        Assert.True(result.Totals.Nodes.Single(n => n.Node == 0).Vmstat.GetValueOrDefault("pgdemote_kswapd") > 0);
        Assert.True(result.Totals.Nodes.Single(n => n.Node == 2).Vmstat.GetValueOrDefault("pgmigrate_success") > 0);
    }

    /// <summary><c>system</c> names the SPM node, and node 0 demotes past it to the expanders, as the proposal has it.</summary>
    [Fact]
    public void The_system_command_lists_the_specific_purpose_node()
    {
        var r = CliProcess.Run("system", "zen3-2s-cxl4-spm");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("specific-purpose: node(s) 6, reached by explicit placement only", r.Stdout);
        Assert.EndsWith("  2, 3", r.Stdout.Split('\n').Single(l => l.StartsWith("   0  dram", StringComparison.Ordinal)).TrimEnd());
    }

    [Theory]
    [InlineData("membind: [9]", "", "workloads[0].membind[0]", "has no node 9")]
    [InlineData("cpuset: { spm: [2] }", "", "workloads[0].cpuset.spm[0]", "node 2 is not specific-purpose")]
    [InlineData("membind: 6", "", "workloads[0].membind", "expected a list of node ids")]
    [InlineData("pinned: { range: [0.5, 0.1] }", "", "workloads[0].pinned.range", "start below end")]
    [InlineData("", "compaction: [{ node: 6, bytes: 1M }]", "compaction[0].node", "compaction runs on SysRAM nodes only")]
    [InlineData("", "memory_hotplug: [{ node: 3, at: 2s }]", "memory_hotplug[0].at", "before the end of the run")]
    [InlineData("", "memory_hotplug: [{ node: 9, at: 1ms }]", "memory_hotplug[0].node", "has no node 9")]
    [InlineData("", "demotion: { spm: never }", "demotion.spm", "exclude, target, none")]
    public void Bad_spm_and_hotplug_keys_name_the_key(string workloadKey, string rootKey, string key, string expected)
    {
        var file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, $"""
            name: bad
            system: zen3-2s-cxl4-spm
            duration: 1s
            {rootKey}
            workloads:
              - {"{"} name: kv, host: h0, working_set: 1G, accesses_per_second: 1e8{(workloadKey == "" ? "" : ", " + workloadKey)} {"}"}
            """);
        var e = Assert.Throws<ConfigException>(() => TieringScenarioFile.Load(file));
        Assert.Contains(key, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Device_memory_cannot_be_offlined_by_memory_hotplug()
    {
        var file = Path.Combine(_dir, "gpu.yaml");
        File.WriteAllText(file, """
            name: gpu
            system: frontier-node
            duration: 1s
            memory_hotplug: [{ node: 1, at: 1ms }]
            workloads:
              - { name: kv, host: n0, working_set: 1G, accesses_per_second: 1e8 }
            """);
        var e = Assert.Throws<ConfigException>(() => TieringScenarioFile.Load(file));
        Assert.Contains("memory_hotplug[0].node: node 1 is device memory", e.Message);
    }

    private static long Used(TieringResult result, int node) => result.Totals.Nodes.Single(n => n.Node == node).UsedBytes;
}
