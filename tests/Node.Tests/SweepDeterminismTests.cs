using ActorMigration.Node.Cli;
using ActorMigration.Node.Sweep;

namespace ActorMigration.Node.Tests;

/// <summary>Same seed, same trace hash: across repeated sweeps and whatever the parallelism.</summary>
public sealed class SweepDeterminismTests
{
    [Fact]
    public void Trace_hashes_do_not_depend_on_parallelism_or_repetition()
    {
        var scenarios = SweepFile.Load(RepositoryFiles.Path("config/scenarios/rfc-v3-throughput.yaml")).Scenarios
            .Where(s => s.FolioSize.KiB >= 512) // the larger folios keep this test quick; the fidelity guard runs them all
            .ToArray();
        var serial = SweepRunner.Run(scenarios, parallel: 1).Select(o => o.Result.TraceHash).ToArray();
        var parallel = SweepRunner.Run(scenarios, parallel: 4).Select(o => o.Result.TraceHash).ToArray();
        var again = SweepRunner.Run(scenarios, parallel: 2).Select(o => o.Result.TraceHash).ToArray();
        Assert.Equal(serial, parallel);
        Assert.Equal(serial, again);
        Assert.Equal(serial.Length, serial.Distinct().Count());
    }
}
