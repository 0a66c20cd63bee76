using System.Text.Json.Nodes;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Config;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Tests;

/// <summary>The shipped GPU scenarios on frontier-node end to end: what each shows, that each is deterministic, the GPU outputs of
/// <c>simulate</c> as a process, and the scenario file's checks of <c>hip</c> requests.</summary>
public sealed class GpuScenarioTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gpu-scenario-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static GpuSample Gpu(TieringResult result, string name) => result.Totals.Gpus.Single(g => g.Gpu == name);

    [Fact]
    public void Prefetch_then_compute_takes_the_migration_out_of_the_kernel_and_runs_the_same_twice()
    {
        var scenario = TieringScenarioFile.Load(RepositoryFiles.Path("config/scenarios/gpu-prefetch-then-compute.yaml"));
        var result = TieringSimulation.Run(scenario);
        var (prefetched, onDemand) = (Gpu(result, "gpu0"), Gpu(result, "gpu1"));
        Assert.Equal((16L << 30, 0L), (prefetched.Bytes.GetValueOrDefault("prefetched"), prefetched.Bytes.GetValueOrDefault("faulted_in")));
        Assert.Equal((0L, 16L << 30), (onDemand.Bytes.GetValueOrDefault("prefetched"), onDemand.Bytes.GetValueOrDefault("faulted_in")));
        Assert.Equal((1L, 1L), (prefetched.Kernels, onDemand.Kernels));
        // Both rings copied the same 16G in the same windows; the faulting kernel waited for every one of them.
        Assert.Equal(prefetched.SdmaWindows, onDemand.SdmaWindows);
        Assert.True(onDemand.KernelPs > 50 * prefetched.KernelPs, $"kernel {onDemand.KernelPs / 1e9} ms faulting, {prefetched.KernelPs / 1e9} ms prefetched");
        Assert.Equal(result.TraceHash, TieringSimulation.Run(scenario).TraceHash);
    }

    [Fact]
    public void Oversubscribed_device_memory_evicts_what_the_second_half_lacks_and_runs_the_same_twice()
    {
        var scenario = TieringScenarioFile.Load(RepositoryFiles.Path("config/scenarios/gpu-oversubscribed.yaml"));
        var result = TieringSimulation.Run(scenario);
        var gpu = Gpu(result, "gpu0");
        Assert.Equal(96L << 30, gpu.Bytes.GetValueOrDefault("prefetched"));
        // 48G resident and 48G more asked of 64G: 32G evicted first, less the low watermark nothing: device memory has none.
        Assert.Equal(32L << 30, gpu.Bytes.GetValueOrDefault("evicted"));
        Assert.True(gpu.Bytes.GetValueOrDefault("faulted_back") > 0, "the CPU touch faulted nothing back");
        Assert.True(gpu.Bytes.GetValueOrDefault("pinned_back") > 0, "the pin moved nothing off the GPU");
        Assert.Equal(0, gpu.Enospc);
        var device = result.Totals.Nodes.Single(n => n.Node == 1);
        Assert.True(device.UsedBytes <= device.CapacityBytes);
        Assert.Equal(result.TraceHash, TieringSimulation.Run(scenario).TraceHash);
    }

    [Fact]
    public void Simulate_reports_each_gpu_in_json_csv_and_a_picture()
    {
        var plots = Directory.CreateDirectory(Path.Combine(_dir, "plots")).FullName;
        var r = CliProcess.Run("simulate", "gpu-prefetch-then-compute", "--format", "json", "--out", _dir, "--plot", plots);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var gpus = JsonNode.Parse(r.Stdout)!["gpus"]!.AsArray();
        Assert.Equal(["gpu0", "gpu1", "gpu2", "gpu3"], gpus.Select(g => (string)g!["gpu"]!));
        Assert.Equal(16L << 30, (long)gpus[0]!["prefetched_bytes"]!);
        Assert.True((double)gpus[0]!["copy_engine_utilisation"]! > 0);
        var csv = File.ReadAllLines(Path.Combine(_dir, "gpus.csv"));
        Assert.StartsWith("time_s,gpu,node,prefetched_bytes,faulted_in_bytes,evicted_bytes,faulted_back_bytes", csv[0]);
        Assert.Equal(1 + 50 * 4, csv.Length); // 50 samples of 4 GPUs
        Assert.True(File.Exists(Path.Combine(plots, "gpus.png")));
        var svg = File.ReadAllText(Path.Combine(plots, "gpus.svg"));
        Assert.Contains("gpu0 SDMA busy", svg);
        Assert.Contains("gpu1 in (prefetched, faulted in)", svg);
    }

    [Theory]
    [InlineData("{ workload: app, op: kernel, range: [0, 1], device: 0 }", "hip[0].device: node 0 is no GPU's")]
    [InlineData("{ workload: app, op: prefetch, range: [0, 1], device: 9 }", "hip[0].device: host 'n0' of workload app has no node 9")]
    [InlineData("{ workload: app, op: prefetch, range: [0.5, 0.2], device: 1 }", "hip[0].range: expected [start, end]")]
    [InlineData("{ workload: app, op: copy, range: [0, 1], device: 1 }", "hip[0].op: expected one of prefetch, kernel, cpu_touch, pin")]
    public void A_bad_hip_request_names_the_key(string request, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Load($"hip:\n  - {request}\n"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_kernels_callers_cannot_target_device_memory()
    {
        var e = Assert.Throws<ConfigException>(() => Load("syscalls:\n  - { call: move_pages, workload: app, at: 1ms, to: 1, folios: 4 }\n"));
        Assert.Contains("syscalls[0].to: node 1 is gpu0's device memory: only the GPU driver migrates there", e.Message);
    }

    private TieringScenario Load(string extra)
    {
        var file = Path.Combine(_dir, "gpu.yaml");
        File.WriteAllText(file, "name: gpu\nsystem: frontier-node\nduration: 100ms\nworkloads:\n  - { name: app, host: n0, working_set: 1G, accesses_per_second: 1e6 }\n" + extra);
        return TieringScenarioFile.Load(file);
    }
}
