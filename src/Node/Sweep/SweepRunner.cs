using System.Diagnostics;
using ActorMigration.Actors.Simulation;

namespace ActorMigration.Node.Sweep;

/// <summary>Runs the scenarios of a sweep, several at once, each in its own actor system.</summary>
/// <remarks>A system is single-threaded by contract, so parallelism is across runs only: results (and their trace hashes)
/// do not depend on <c>parallel</c>, and they come back in scenario order.</remarks>
public static class SweepRunner
{
    /// <summary>One finished run and its wall-clock time.</summary>
    public sealed record Outcome(MigrationScenario Scenario, MigrationRunResult Result, double WallMs);

    /// <summary>Runs every scenario on up to <paramref name="parallel"/> threads with <paramref name="runOne"/> (given the scenario's
    /// position; default: a plain simulation).</summary>
    public static IReadOnlyList<Outcome> Run(IReadOnlyList<MigrationScenario> scenarios, int parallel, Func<int, MigrationScenario, MigrationRunResult>? runOne = null)
    {
        runOne ??= (_, s) => MigrationSimulation.Run(s);
        var outcomes = new Outcome[scenarios.Count];
        Parallel.For(0, scenarios.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
        {
            var clock = Stopwatch.StartNew();
            var result = runOne(i, scenarios[i]);
            outcomes[i] = new Outcome(scenarios[i], result, clock.Elapsed.TotalMilliseconds);
        });
        return outcomes;
    }
}
