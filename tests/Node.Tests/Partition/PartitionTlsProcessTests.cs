using ActorMigration.Node.Tests.Cluster;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>A partitioned run over TLS with real processes: two members started by <c>deploy/local/cluster</c> with the cluster's
/// certificate run <c>simulate --partitions 2 --cluster --tls-cert</c> to the one-process report; a client with another certificate
/// is refused (exit 3), as it is for a sweep.</summary>
[Collection(nameof(ClusterProcessCollection))]
public sealed class PartitionTlsProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("am-partition-tls-").FullName;
    private readonly LocalCluster _cluster = new();

    public void Dispose()
    {
        _cluster.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_run_partitioned_over_tls_prints_the_one_process_report_and_another_certificate_is_refused()
    {
        string clusterCert = Path.Combine(_folder, "cluster.pfx"), otherCert = Path.Combine(_folder, "other.pfx");
        LocalCluster.MakeCertificate(clusterCert);
        LocalCluster.MakeCertificate(otherCert);
        var (seed, config) = _cluster.StartTls(_folder, clusterCert);
        var scenario = PartitionProcessTests.ShortPond(_folder);

        var split = CliProcess.Run(LocalCluster.Program("simulate", scenario, "--partitions", "2", "--cluster", seed, "--config", config, "--tls-cert", clusterCert,
            "--format", "json", "--timeout", "120"));
        Assert.True(split.ExitCode == 0, split.Stderr);
        var local = CliProcess.Run("simulate", scenario, "--format", "json");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(PartitionProcessTests.WithoutWallTime(local.Stdout), PartitionProcessTests.WithoutWallTime(split.Stdout));

        var stranger = CliProcess.Run(LocalCluster.Program("simulate", scenario, "--partitions", "2", "--cluster", seed, "--tls-cert", otherCert, "--timeout", "60"));
        Assert.Equal(3, stranger.ExitCode);
        Assert.Contains("could not join the cluster at " + seed + ": TLS handshake failed", stranger.Stderr);
        Assert.Equal("", stranger.Stdout);
    }
}
