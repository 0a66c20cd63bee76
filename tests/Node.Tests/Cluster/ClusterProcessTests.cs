namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The cluster end to end with real <c>actormigration</c> processes on loopback: a coordinator member and two workers form, a
/// sweep through them prints what the local sweep prints, also when a worker is killed mid-sweep; members leave on SIGTERM with exit
/// 0; an unreachable cluster is exit 3, not a hang.</summary>
public sealed class ClusterProcessTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);
    private readonly List<NodeProcess> _processes = [];
    private readonly string _config = Path.Combine(Directory.CreateTempSubdirectory("am-cluster-config-").FullName, "fast-downing.conf");

    public ClusterProcessTests() =>
        // A killed worker is downed a few seconds after it is found unreachable, instead of the default 7 s: a shorter test.
        File.WriteAllText(_config, "akka.cluster.split-brain-resolver.stable-after = 3s\n");

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);
    }

    private NodeProcess Start(params string[] args)
    {
        var process = NodeProcess.Start(args);
        _processes.Add(process);
        return process;
    }

    /// <summary>A coordinator member on a free port and two workers that join it, all registered; returns the seed and the workers.</summary>
    private (string Seed, NodeProcess Coordinator, NodeProcess[] Workers) Form()
    {
        var seed = $"127.0.0.1:{FreePorts.Next()}";
        var coordinator = Start("node", "--port", seed.Split(':')[1], "--roles", "coordinator", "--config", _config, "--insecure");
        coordinator.WaitFor("member up", Startup);
        var workers = Enumerable.Range(0, 2).Select(_ => Start("node", "--port", "0", "--seed", seed, "--roles", "worker", "--config", _config, "--insecure")).ToArray();
        foreach (var worker in workers) worker.WaitFor("worker registered with the sweep coordinator", Startup);
        return (seed, coordinator, workers);
    }

    [Fact]
    public void A_sweep_through_two_worker_processes_prints_the_local_csv_and_members_leave_on_sigterm()
    {
        var (seed, coordinator, workers) = Form();
        var distributed = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv", "--cluster", seed, "--insecure", "--timeout", "120");
        Assert.True(distributed.ExitCode == 0, distributed.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv");
        Assert.Equal(SweepFiles.WithoutWallTime(local.Stdout), SweepFiles.WithoutWallTime(distributed.Stdout));
        foreach (var member in workers.Append(coordinator)) Assert.Equal(0, member.Terminate(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_worker_killed_mid_sweep_changes_nothing_in_the_output()
    {
        var (seed, _, workers) = Form();
        using var client = NodeProcess.Start("sweep", SweepFiles.Longer, "--format", "csv", "--cluster", seed, "--insecure", "--timeout", "120");
        workers[0].WaitFor("running point", TimeSpan.FromSeconds(60));
        workers[0].Kill();
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(120)) == 0, client.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Longer, "--format", "csv");
        Assert.Equal(SweepFiles.WithoutWallTime(local.Stdout), SweepFiles.WithoutWallTime(client.Stdout));
    }

    [Fact]
    public void An_unreachable_cluster_is_exit_3_within_the_deadline()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = CliProcess.Run("sweep", SweepFiles.Small, "--cluster", $"127.0.0.1:{FreePorts.Next()}", "--insecure", "--timeout", "5");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("could not join the cluster", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed}");
    }
}
