using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActorMigration.Runtime.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ActorMigration.Runtime.Tests.Properties;

/// <summary>Determinism of random actor programs (delays, busy actors, Akka timers, stash, DeathWatch, restarts): the same
/// program and seed give the same trace in any fresh world, in this process or another, run in one go or window by window;
/// different seeds give different traces.</summary>
public sealed class DeterminismProperties
{
    private const int Cases = 200;

    [Property(MaxTest = Cases, Arbitrary = [typeof(ProgramArbitraries)])]
    public void The_same_program_and_seed_give_the_same_trace_in_two_fresh_worlds(ProgramCase c)
    {
        var first = c.Program.Run(c.Seed);
        var second = c.Program.Run(c.Seed);
        Assert.Equal(first, second);
        Assert.True(first.Delivered > 0, "every program delivers its kickoffs");
    }

    [Property(MaxTest = Cases, Arbitrary = [typeof(ProgramArbitraries)])]
    public void Different_seeds_give_different_traces(ProgramCase c)
    {
        // Every kickoff has a live hop, so its node draws payloads from its random stream: the seed shows in the trace.
        var other = c.Seed ^ 0x9e3779b97f4a7c15;
        Assert.NotEqual(c.Program.Run(c.Seed).Hash, c.Program.Run(other).Hash);
    }

    [Fact]
    public void Seeds_that_differ_in_one_bit_give_different_traces()
    {
        var program = new ActorProgram(
            [new NodeSpec([0, 1], Busy: false, Timers: false, Stash: false, Watch: false, MaxRestarts: -1),
             new NodeSpec([0], Busy: false, Timers: false, Stash: false, Watch: false, MaxRestarts: -1)],
            [new Kickoff(0, 0, 3)], MaxDelayPs: 10_000);
        var hashes = Enumerable.Range(0, 64).Select(bit => program.Run(1UL << bit).Hash).Append(program.Run(0).Hash).ToList();
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }

    [Property(MaxTest = Cases, Arbitrary = [typeof(ProgramArbitraries)])]
    public void Running_window_by_window_gives_the_same_trace_as_running_in_one_go(ProgramCase c)
    {
        var inOneGo = c.Program.Run(c.Seed);
        var window = (c.Seed % 3) switch { 0UL => 1L, 1UL => 7_000L, _ => 1_000_000L };
        var skipping = c.Program.RunInWindows(c.Seed, window, skipEmpty: true);
        var dense = c.Program.RunInWindows(c.Seed, 100_000, skipEmpty: false);
        Assert.Equal((inOneGo.Hash, inOneGo.Delivered), (skipping.Hash, skipping.Delivered));
        Assert.Equal((inOneGo.Hash, inOneGo.Delivered), (dense.Hash, dense.Delivered));
    }

    [Fact]
    public void The_same_programs_run_in_a_separate_process_give_the_same_traces()
    {
        var cases = ActorProgramGen.Case.Sample(numberOfSamples: Cases, seed: new Rnd(20261202), size: 50)
            .Concat(Enumerable.Range(1, 20).Select(seed => new ProgramCase(EveryFeature, (ulong)seed)))
            .ToArray();
        var expected = cases.Select(c => Program.Format(c.Program.Run(c.Seed))).ToArray();

        var file = Path.Combine(Path.GetTempPath(), $"actor-programs-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, JsonSerializer.Serialize(cases));
            var actual = RunInAnotherProcess(file);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
                Assert.True(expected[i] == actual[i], $"case {i} ({cases[i]}): this process {expected[i]}, the other {actual[i]}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Every node supervised, watching children and failing: restarts suspend and stop several children at once,
    /// which Akka does in the order of a dictionary keyed by name (string hashing differs per process).</summary>
    private static readonly ActorProgram EveryFeature = new(
        [
            new NodeSpec([1, 2], Busy: true, Timers: true, Stash: true, Watch: true, MaxRestarts: 4),
            new NodeSpec([0, 2], Busy: false, Timers: true, Stash: true, Watch: true, MaxRestarts: 4),
            new NodeSpec([0, 1, 2], Busy: true, Timers: false, Stash: false, Watch: true, MaxRestarts: 4),
        ],
        [new Kickoff(0, 0, ActorProgram.MaxTtl), new Kickoff(1, 0, ActorProgram.MaxTtl), new Kickoff(2, 1_000, ActorProgram.MaxTtl)],
        MaxDelayPs: 10_000);

    private static readonly Regex OutcomeLine = new(@"^[0-9a-f]{16} \d+ \d+$", RegexOptions.Compiled);

    private static string[] RunInAnotherProcess(string casesFile)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        start.ArgumentList.Add(casesFile);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            Assert.Fail("the other process did not finish in 2 minutes");
        }
        Assert.True(process.ExitCode == 0, $"the other process exited with {process.ExitCode}: {stderr.Result}");
        return stdout.Split('\n', StringSplitOptions.TrimEntries).Where(l => OutcomeLine.IsMatch(l)).ToArray();
    }
}
