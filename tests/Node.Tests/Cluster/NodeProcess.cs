using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>A running <c>actormigration</c> process (a cluster member, or a client) whose standard error is read as it comes.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly System.Text.StringBuilder _stdout = new();

    private NodeProcess(Process process) => _process = process;

    public static NodeProcess Start(params string[] args)
    {
        var process = new Process { StartInfo = CliProcess.StartInfo(args) };
        var node = new NodeProcess(process);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) node._stderr.Enqueue(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (node._stdout) node._stdout.AppendLine(e.Data); };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return node;
    }

    public string Stderr => string.Join('\n', _stderr);

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    /// <summary>Waits until a line of standard error contains <paramref name="text"/>; fails with what the process said if it does not.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!_stderr.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < timeout && !_process.HasExited, $"no '{text}' within {timeout.TotalSeconds:0} s; exited: {_process.HasExited}; stderr:\n{Stderr}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), $"still running after {timeout.TotalSeconds:0} s; stderr:\n{Stderr}");
        _process.WaitForExit(); // the last lines of output
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a container stop does, and returns the exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        return WaitForExit(timeout);
    }

    /// <summary>SIGKILL: the process vanishes without a word to the cluster.</summary>
    public void Kill() => _process.Kill();

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
