namespace ActorMigration.Node.Tests.Cluster;

/// <summary>Real <c>actormigration node</c> processes on loopback, killed when the test ends, with a configuration that downs a lost
/// member a few seconds after it is found unreachable (instead of the default 7 s): shorter tests; and that lets heartbeats pause
/// for 10 s before a member is unreachable (3 s by default), so that a client or member slowed by a loaded machine (CI runs other
/// tests beside these) is not taken for lost and downed with the killed one.</summary>
internal sealed class ProcessCluster : IDisposable
{
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(30);

    private readonly List<NodeProcess> _processes = [];

    public ProcessCluster() => File.WriteAllText(Config,
        "akka.cluster.split-brain-resolver.stable-after = 3s\nakka.cluster.failure-detector.acceptable-heartbeat-pause = 10s\n");

    /// <summary>A folder of the test's own, deleted afterwards.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("am-cluster-test-").FullName;

    /// <summary>The members' configuration file.</summary>
    public string Config => Path.Combine(Folder, "fast-downing.conf");

    /// <summary>Starts a process, killed at the end if it still runs.</summary>
    public NodeProcess Start(params string[] args)
    {
        var process = NodeProcess.Start(args);
        _processes.Add(process);
        return process;
    }

    /// <summary><paramref name="coordinators"/> coordinator members (the first on a free port, the seed) and two workers that join it,
    /// all up and the workers registered; every member also given <paramref name="options"/>.</summary>
    public (string Seed, NodeProcess[] Coordinators, NodeProcess[] Workers) Form(int coordinators = 1, params string[] options)
    {
        var seed = $"127.0.0.1:{FreePorts.Next()}";
        var first = Start(Member(seed, seed.Split(':')[1], "coordinator", options));
        first.WaitFor("member up", Startup);
        var others = Enumerable.Range(1, coordinators - 1).Select(_ => Start(Member(seed, "0", "coordinator", options))).ToArray();
        foreach (var other in others) other.WaitFor("member up", Startup);
        var workers = Enumerable.Range(0, 2).Select(_ => Start(Member(seed, "0", "worker", options))).ToArray();
        foreach (var worker in workers) worker.WaitFor("worker registered with the sweep coordinator", Startup);
        return (seed, [first, .. others], workers);
    }

    /// <summary><paramref name="count"/> worker members (the first on a free port, the seed), all up; returns the seed and the members.</summary>
    public (string Seed, NodeProcess[] Members) FormWorkers(int count)
    {
        var seed = $"127.0.0.1:{FreePorts.Next()}";
        var members = new List<NodeProcess>();
        foreach (var port in Enumerable.Range(0, count).Select(i => i == 0 ? seed.Split(':')[1] : "0"))
        {
            members.Add(Start(Member(seed, port, "worker")));
            members[^1].WaitFor("member up", Startup);
        }
        return (seed, [.. members]);
    }

    private string[] Member(string seed, string port, string role, params string[] options) =>
        ["node", "--port", port, .. port == "0" ? new[] { "--seed", seed } : [], "--roles", role, "--config", Config, "--insecure", .. options];

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
