using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>Partitioned runs with specific-purpose memory, memory hotplug and a GPU: on a two-host system that has them all, the
/// run split over two worlds equals the one-process run, offlines in scenario order and GPU counters included; the shipped
/// scenarios of those features are one-host systems, which refuse a second partition.</summary>
public sealed class PartitionedFeaturesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("am-partition-features-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Host g0: DRAM, a GPU's device-coherent memory and a CXL expander; host c0: DRAM, a CXL expander and a specific-purpose
    /// node. A HIP prefetch and kernel on g0's GPU; a workload bound to c0's SPM node; offlines of an expander on each host, c0's
    /// (the later shard) first in the scenario.</summary>
    private TieringScenario TwoHosts()
    {
        File.WriteAllText(Path.Combine(_dir, "two-hosts.yaml"), """
            name: two-hosts
            description: a GPU host and a host with specific-purpose memory, for partitioned runs
            remote_socket_latency: 90ns
            hosts:
              - { name: g0, sockets: 1, cores_per_socket: 8, dma_channels: 0 }
              - { name: c0, sockets: 1, cores_per_socket: 8, dma_channels: 0 }
            memory_nodes:
              - { id: 0, kind: dram, host: g0, socket: 0, capacity: 16G, latency: 110ns, bandwidth: 150GB/s, loaded_latency: 2.5 }
              - { id: 1, kind: device_coherent, host: g0, socket: 0, gpu: gpu0, capacity: 4G, latency: 500ns, bandwidth: 36GB/s, sdma_bandwidth: 25GB/s, sdma_window_latency: 2us, hbm_bandwidth: 1.6TB/s, page_fault_latency: 20us }
              - { id: 2, kind: cxl_expander, host: g0, socket: 0, capacity: 8G, latency: 240ns, bandwidth: 26GB/s, loaded_latency: 2.5 }
              - { id: 3, kind: dram, host: c0, socket: 0, capacity: 16G, latency: 110ns, bandwidth: 150GB/s, loaded_latency: 2.5 }
              - { id: 4, kind: cxl_expander, host: c0, socket: 0, capacity: 8G, latency: 240ns, bandwidth: 26GB/s, loaded_latency: 2.5 }
              - { id: 5, kind: cxl_expander, host: c0, socket: 0, capacity: 4G, latency: 180ns, bandwidth: 52GB/s, loaded_latency: 2.5, specific_purpose: true }
            """);
        var path = Path.Combine(_dir, "two-hosts-scenario.yaml");
        File.WriteAllText(path, """
            name: two-hosts-scenario
            description: SPM, hotplug and a GPU on two hosts
            system: two-hosts.yaml
            duration: 300ms
            sample: 100ms
            numa_balancing: {}
            demotion: {}
            workloads:
              - { name: store, host: c0, socket: 0, working_set: 64M, regions: 16, accesses_per_second: 1e7, zipf: 0.99, membind: [5] }
              - { name: app, host: c0, socket: 0, working_set: 64M, regions: 16, accesses_per_second: 1e7, zipf: 0.99, membind: [4] }
              - { name: web, host: g0, socket: 0, working_set: 64M, regions: 16, accesses_per_second: 1e7, zipf: 0.99, membind: [2] }
              - { name: gpuapp, host: g0, working_set: 256M, folio: 2M, regions: 16, accesses_per_second: 1e6 }
            hip:
              - { workload: gpuapp, op: prefetch, at: 0ms, range: [0, 1], device: 1, stream: 0 }
              - { workload: gpuapp, op: kernel, at: 0ms, range: [0, 1], device: 1, stream: 0 }
            memory_hotplug:
              - { node: 4, at: 50ms }
              - { node: 2, at: 50ms }
            """);
        return TieringScenarioFile.Load(path);
    }

    [Fact]
    public void Spm_hotplug_and_a_gpu_split_over_two_worlds_equal_the_one_process_run()
    {
        var scenario = TwoHosts();
        var one = TieringSimulation.Run(scenario);
        var split = PartitionedTiering.Run(scenario, 2);
        Assert.Equal(one.TraceHash, split.TraceHash);
        Assert.Equal(one.Events, split.Events);
        Assert.Equal(PartitionedTieringTests.Report(one), PartitionedTieringTests.Report(split));
        Assert.Equal(one.Offlines, split.Offlines);
        Assert.Equal(Json(scenario, one), Json(scenario, split));

        Assert.Equal([4, 2], split.Offlines.Select(o => o.Node));
        Assert.All(split.Offlines, o => Assert.Equal("offlined", o.Result));
        var gpu = Assert.Single(split.Totals.Gpus);
        Assert.True(gpu.Bytes.GetValueOrDefault("prefetched") > 0, "nothing prefetched to gpu0");
        Assert.True(split.Totals.Nodes.Single(n => n.Node == 5).UsedBytes > 0, "nothing on the specific-purpose node");
    }

    [Theory]
    [InlineData("spm-reserved", "zen3-2s-cxl4-spm")]
    [InlineData("memory-hotplug-offline", "zen3-2s-cxl4")]
    [InlineData("gpu-prefetch-then-compute", "frontier-node")]
    public void A_one_host_system_refuses_a_second_partition(string scenario, string system)
    {
        var r = CliProcess.Run("simulate", scenario, "--partitions", "2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--partitions: system {system} has 1 hosts, so 1 to 1 partitions; got 2", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    private static string Json(TieringScenario scenario, TieringResult result)
    {
        var json = TieringReport.ToJson(scenario, result, 0);
        Assert.True(json.ContainsKey("memory_hotplug") && json.ContainsKey("gpus"), json.ToJsonString());
        return json.ToJsonString();
    }
}
