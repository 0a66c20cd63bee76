namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The cluster end to end with real <c>actormigration</c> processes on loopback: a coordinator member and two workers form, a
/// sweep through them prints what the local sweep prints (its progress on standard error), also when a worker is killed mid-sweep,
/// and when the coordinator's member is killed (another coordinator member resumes from the journal they share); members leave on
/// SIGTERM with exit 0; plain TCP needs --insecure; an unreachable cluster is exit 3, not a hang.</summary>
[Collection(nameof(ClusterProcessCollection))]
public sealed class ClusterProcessTests : IDisposable
{
    private readonly ProcessCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    private (string Seed, NodeProcess Coordinator, NodeProcess[] Workers) Form()
    {
        var (seed, coordinators, workers) = _cluster.Form();
        return (seed, coordinators[0], workers);
    }

    [Fact]
    public void A_sweep_through_two_worker_processes_prints_the_local_csv_and_members_leave_on_sigterm()
    {
        var (seed, coordinator, workers) = Form();
        var distributed = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv", "--cluster", seed, "--config", _cluster.Config, "--insecure", "--timeout", "120");
        Assert.True(distributed.ExitCode == 0, distributed.Stderr);
        Assert.Contains("small: 6/6 points done, 2 workers", distributed.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(SweepFiles.WithoutWallTime(local.Stdout), SweepFiles.WithoutWallTime(distributed.Stdout));
        foreach (var member in workers.Append(coordinator)) Assert.Equal(0, member.Terminate(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_worker_killed_mid_sweep_changes_nothing_in_the_output()
    {
        var (seed, _, workers) = Form();
        using var client = NodeProcess.Start("sweep", SweepFiles.Longer, "--format", "csv", "--cluster", seed, "--config", _cluster.Config, "--insecure", "--timeout", "120");
        workers[0].WaitFor("running point", TimeSpan.FromSeconds(60));
        workers[0].Kill();
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(120)) == 0, client.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Longer, "--format", "csv");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(SweepFiles.WithoutWallTime(local.Stdout), SweepFiles.WithoutWallTime(client.Stdout));
    }

    [Fact]
    public void The_coordinators_member_killed_mid_sweep_another_resumes_from_the_shared_journal_and_the_output_is_unchanged()
    {
        var progress = "sqlite:" + Path.Combine(_cluster.Folder, "progress.db");
        var (seed, coordinators, _) = _cluster.Form(coordinators: 2, "--journal", progress);
        using var client = NodeProcess.Start("sweep", SweepFiles.Longer, "--format", "csv", "--cluster", seed, "--config", _cluster.Config, "--insecure", "--timeout", "180");
        client.WaitFor("1/14 points done", TimeSpan.FromSeconds(60));
        coordinators[0].Kill();
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(180)) == 0, client.Stderr);
        Assert.Contains("resumed the sweep", client.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Longer, "--format", "csv");
        Assert.True(local.ExitCode == 0, local.Stderr);
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
