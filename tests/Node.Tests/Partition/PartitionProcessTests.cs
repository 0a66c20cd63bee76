using System.Text.Json.Nodes;
using ActorMigration.Node.Tests.Cluster;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>Partitioned runs end to end with real <c>actormigration</c> processes on loopback: <c>simulate --partitions 2 --cluster</c>
/// over two member processes prints what the one-process run prints; a member killed mid-run is exit 3 with its partition named,
/// never a hang or a result; bad partition counts are usage errors.</summary>
[Collection(nameof(ClusterProcessCollection))]
public sealed class PartitionProcessTests : IDisposable
{
    private readonly ProcessCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    /// <summary>Two worker members, the first the seed; returns the seed and the members.</summary>
    private (string Seed, NodeProcess[] Members) Form() => _cluster.FormWorkers(2);

    /// <summary>The shipped pond-16-tiering scenario, cut to 300 ms of virtual time sampled every 100 ms.</summary>
    internal static string ShortPond(string dir)
    {
        var text = File.ReadAllText(RepositoryFiles.Path("config/scenarios/pond-16-tiering.yaml"));
        var path = Path.Combine(dir, "pond-short.yaml");
        File.WriteAllText(path, text.Replace("duration: 10s", "duration: 300ms").Replace("sample: 500ms", "sample: 100ms").Replace("at: 5s", "at: 200ms"));
        return path;
    }

    internal static string WithoutWallTime(string json)
    {
        var report = JsonNode.Parse(json)!.AsObject();
        Assert.True(report.Remove("wall_ms"), "no wall_ms");
        return report.ToJsonString();
    }

    [Fact]
    public void A_run_on_two_member_processes_prints_the_one_process_report()
    {
        var (seed, _) = Form();
        var scenario = ShortPond(_cluster.Folder);
        var split = CliProcess.Run("simulate", scenario, "--partitions", "2", "--cluster", seed, "--config", _cluster.Config, "--insecure", "--stats", "--format", "json", "--timeout", "120");
        Assert.True(split.ExitCode == 0, split.Stderr);
        Assert.Contains("partitions 2  windows ", split.Stderr);
        var local = CliProcess.Run("simulate", scenario, "--format", "json");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(WithoutWallTime(local.Stdout), WithoutWallTime(split.Stdout));
    }

    [Fact]
    public void A_member_killed_mid_run_is_exit_3_naming_its_partition()
    {
        var (seed, members) = Form();
        using var client = NodeProcess.Start("simulate", "pond-16-tiering", "--partitions", "2", "--cluster", seed, "--config", _cluster.Config, "--insecure", "--timeout", "120");
        members[1].WaitFor(" of 2 of run ", TimeSpan.FromSeconds(60));
        Thread.Sleep(1000);
        members[1].Kill();
        Assert.Equal(3, client.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Matches("the member at .* holding partition [01] was lost", client.Stderr);
        Assert.Equal("", client.Stdout.Trim());
    }

    [Fact]
    public void Partition_counts_outside_the_system_and_a_cluster_without_partitions_are_usage_errors()
    {
        var tooMany = CliProcess.Run("simulate", "pond-16-tiering", "--partitions", "17");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("--partitions: system pond-16 has 16 hosts, so 1 to 16 partitions; got 17", tooMany.Stderr);
        var noPartitions = CliProcess.Run("simulate", "pond-16-tiering", "--cluster", "127.0.0.1:1", "--insecure");
        Assert.Equal(2, noPartitions.ExitCode);
        Assert.Contains("--cluster: give --partitions N", noPartitions.Stderr);
    }
}
