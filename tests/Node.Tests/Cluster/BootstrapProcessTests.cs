using System.Globalization;
using ActorMigration.Node.Cluster;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>Members given no seeds find each other by Akka.Management's cluster bootstrap (the <c>config</c> discovery method on loopback,
/// as <c>kubernetes-api</c> does from the pods in Kubernetes), form one cluster and run a sweep; what bootstrap needs and lacks is a
/// clear error before anything starts.</summary>
[Collection(nameof(ClusterProcessCollection))]
public sealed class BootstrapProcessTests : IDisposable
{
    private readonly ProcessCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void Three_members_without_seeds_bootstrap_one_cluster_and_a_sweep_through_it_prints_the_local_csv()
    {
        var management = Enumerable.Range(0, 3).Select(_ => FreePorts.Next()).ToArray();
        var config = Path.Combine(_cluster.Folder, "bootstrap.conf");
        File.WriteAllText(config, File.ReadAllText(_cluster.Config) +
            $"{MemberSettings.ConfigEndpointsKey} = [{string.Join(", ", management.Select(port => $"\"127.0.0.1:{port}\""))}]\n");
        var remoting = management.Select(_ => FreePorts.Next().ToString(CultureInfo.InvariantCulture)).ToArray();
        var members = management.Select((port, i) => _cluster.Start("node", "--port", remoting[i], "--discovery", "config",
            "--management-port", port.ToString(CultureInfo.InvariantCulture), "--config", config, "--insecure")).ToArray();
        foreach (var member in members) member.WaitFor("worker registered with the sweep coordinator", ProcessCluster.Startup);

        // Through the last member: three clusters of one would give it one worker.
        var distributed = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv", "--cluster", $"127.0.0.1:{remoting[2]}", "--config", config,
            "--insecure", "--timeout", "120");
        Assert.True(distributed.ExitCode == 0, distributed.Stderr);
        Assert.Contains("small: 6/6 points done, 3 workers", distributed.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(SweepFiles.WithoutWallTime(local.Stdout), SweepFiles.WithoutWallTime(distributed.Stdout));
        foreach (var member in members) Assert.Equal(0, member.Terminate(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("--discovery dns", "--discovery: expected kubernetes-api or config, got 'dns'")]
    [InlineData("--discovery config --seed 127.0.0.1:2552", "give --seed or --discovery, not both")]
    [InlineData("--discovery config", $"--discovery config: {MemberSettings.ConfigEndpointsKey} in --config: expected the members' management endpoints")]
    [InlineData("--discovery kubernetes-api --management-port 0", "--management-port: expected 1 to 65535, got 0")]
    public void What_bootstrap_cannot_work_with_is_exit_2_naming_the_option(string options, string message)
    {
        var r = CliProcess.Run(["node", "--port", "0", "--insecure", .. options.Split(' ')]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void A_management_port_another_process_listens_on_is_exit_3_at_once()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var config = Path.Combine(_cluster.Folder, "one.conf");
        File.WriteAllText(config, $"{MemberSettings.ConfigEndpointsKey} = [\"127.0.0.1:{port}\"]\n");
        var r = CliProcess.Run("node", "--port", "0", "--insecure", "--discovery", "config", "--management-port", port, "--config", config);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"cannot serve Akka.Management's endpoint (cluster bootstrap) on 127.0.0.1:{port}: another process listens there", r.Stderr);
    }

    [Fact]
    public void Kubernetes_discovery_outside_a_pod_is_exit_3_saying_so()
    {
        var start = CliProcess.StartInfo("node", "--port", "0", "--insecure", "--discovery", "kubernetes-api", "--management-port",
            FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        start.Environment.Remove("KUBERNETES_SERVICE_PORT");
        var r = CliProcess.Run(start);
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("--discovery kubernetes-api: this process is not in a Kubernetes pod", r.Stderr);
    }
}
