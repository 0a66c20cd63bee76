using System.Diagnostics;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>Members on loopback started and stopped by <c>deploy/local/cluster</c> (the script users run), with this build of the
/// program, in a run directory of their own.</summary>
internal sealed class LocalCluster : IDisposable
{
    private readonly string _runDirectory = Directory.CreateTempSubdirectory("am-local-cluster-").FullName;

    /// <summary>The password of every certificate the tests make, given to members and clients in their environment.</summary>
    public const string Password = "cluster-test-password";

    /// <summary>What member <paramref name="member"/> wrote to standard error.</summary>
    public string Log(int member) => File.ReadAllText(Path.Combine(_runDirectory, $"member-{member}.log"));

    /// <summary>Runs <c>deploy/local/cluster ARGS --run-dir DIR</c>, waiting for it to end.</summary>
    public CliProcess.Result Run(params string[] args) => CliProcess.Run(Script("deploy/local/cluster", [.. args, "--run-dir", _runDirectory]));

    /// <summary>Starts two members over TLS with <paramref name="certificate"/>, the second joining the first (so the cluster itself formed
    /// with the certificate), patient with a loaded machine's late heartbeats (nobody is killed: none must be downed mid-run); their config
    /// goes into <paramref name="folder"/>. Returns the seed, <c>HOST:PORT</c>, and that config, for the clients.</summary>
    public (string Seed, string Config) StartTls(string folder, string certificate)
    {
        var port = FreePorts.Next();
        var patient = Path.Combine(folder, "patient.conf");
        File.WriteAllText(patient, "akka.cluster.failure-detector.acceptable-heartbeat-pause = 20s\n");
        var started = Run("start", "2", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tls-cert", certificate, "--config", patient);
        Assert.True(started.ExitCode == 0, started.Stdout + started.Stderr);
        return ($"127.0.0.1:{port}", patient);
    }

    /// <summary>Makes a cluster certificate with <c>deploy/make-cert</c> at <paramref name="file"/>.</summary>
    public static void MakeCertificate(string file)
    {
        var made = CliProcess.Run(Script("deploy/make-cert", [file]));
        Assert.True(made.ExitCode == 0, made.Stderr);
    }

    /// <summary>The program with <see cref="Password"/> in its environment.</summary>
    public static ProcessStartInfo Program(params string[] args)
    {
        var start = CliProcess.StartInfo(args);
        start.Environment["ACTORMIGRATION_TLS_PASSWORD"] = Password;
        return start;
    }

    private static ProcessStartInfo Script(string script, string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        start.ArgumentList.Add(RepositoryFiles.Path(script));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["ACTORMIGRATION_BIN"] = Path.Combine(AppContext.BaseDirectory, "actormigration.dll");
        start.Environment["ACTORMIGRATION_TLS_PASSWORD"] = Password;
        return start;
    }

    public void Dispose()
    {
        Run("stop");
        Directory.Delete(_runDirectory, recursive: true);
    }
}
