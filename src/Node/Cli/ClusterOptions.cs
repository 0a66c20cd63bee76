using System.CommandLine;
using ActorMigration.Node.Cluster;

namespace ActorMigration.Node.Cli;

/// <summary>The options of a command that runs on a cluster as a client (<c>sweep</c>, <c>simulate</c>, <c>bench partitions</c>): <c>--cluster HOST:PORT</c>,
/// the address this client listens on, the run's deadline, and how remoting is secured and configured (<see cref="RemotingOptions"/>).</summary>
internal sealed class ClusterOptions
{
    private readonly Option<string?> _cluster;
    private readonly Option<string> _hostname = new("--hostname") { Description = "With --cluster: the address this client listens on, reachable by the members", DefaultValueFactory = _ => "127.0.0.1" };
    private readonly Option<int> _timeout;
    private readonly RemotingOptions _remoting = new();

    /// <summary>Options whose <c>--cluster</c> says <paramref name="what"/>; <paramref name="work"/> names what the deadline bounds.</summary>
    public ClusterOptions(string what, string work)
    {
        _cluster = new("--cluster") { Description = what };
        _timeout = new("--timeout") { Description = $"With --cluster: seconds the whole {work} may take before it is abandoned (exit 3)", DefaultValueFactory = _ => 3600 };
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _cluster, _hostname, _timeout }) command.Options.Add(option);
        _remoting.AddTo(command);
    }

    /// <summary>The cluster to run on (null: run here), checked: the client member this process makes of itself (joining the cluster
    /// through <c>--cluster</c>), and the deadline.</summary>
    public (MemberSettings Client, TimeSpan Deadline)? Read(ParseResult parse)
    {
        if (parse.GetValue(_cluster) is not { } seed) return null;
        var (tls, configFile) = _remoting.Read(parse);
        if (parse.GetValue(_timeout) < 1) throw new UsageException($"--timeout: expected at least 1 second, got {parse.GetValue(_timeout)}");
        MemberSettings.SeedAddress(seed, "--cluster", tls is not null);
        return (MemberSettings.Client(seed, parse.GetValue(_hostname)!, configFile, tls), TimeSpan.FromSeconds(parse.GetValue(_timeout)));
    }
}
