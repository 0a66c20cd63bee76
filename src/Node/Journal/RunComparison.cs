using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Journal;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>Re-runs a journaled scenario and compares the new run's events and trace hash with the journal's.</summary>
public static class RunComparison
{
    /// <summary>The verdict: whether everything matched, and if not, the first difference.</summary>
    /// <param name="Match">True when every event and the trace hash are equal.</param>
    /// <param name="Summary">One line for people.</param>
    /// <param name="FirstDifference">The first differing event, both ways, or null.</param>
    /// <param name="ReRun">The re-run's result.</param>
    public sealed record Verdict(bool Match, string Summary, string? FirstDifference, MigrationRunResult ReRun);

    /// <summary>Runs <paramref name="run"/>'s scenario again at the same detail and compares.</summary>
    public static Verdict Verify(JournaledRun run)
    {
        var started = run.Started;
        var scenario = RunDescriptor.Scenario(started);
        var detail = Enum.Parse<JournalDetail>(started.Detail, ignoreCase: true);
        var sink = new MemoryEventSink();
        sink.Events.Add(RunDescriptor.Describe(run.RunId, started.Scenario, scenario, detail));
        var recorder = new JournalRecorder(sink, detail);
        var result = MigrationSimulation.Run(scenario, recorder);
        recorder.Complete(result);

        var versionNote = started.ProgramVersion == RunDescriptor.ProgramVersion ? "" : $" (recorded by version {started.ProgramVersion}, re-run by {RunDescriptor.ProgramVersion})";
        var count = Math.Min(run.Events.Count, sink.Events.Count);
        for (var i = 0; i < count; i++)
        {
            var (recorded, rerun) = (Comparable(run.Events[i]), Comparable(sink.Events[i]));
            if (recorded.Equals(rerun)) continue;
            return new Verdict(false, $"{run.RunId}: MISMATCH at event {i + 1} of {run.Events.Count} ({recorded.Descriptor.Name}){versionNote}",
                $"journal: {Show(recorded)}\nre-run:  {Show(rerun)}", result);
        }
        if (!run.IsComplete)
            return new Verdict(false, $"{run.RunId}: INCOMPLETE journal: its {run.Events.Count} events match the re-run's first {run.Events.Count}, but it never recorded its trace hash{versionNote}", null, result);
        if (run.Events.Count != sink.Events.Count)
            return new Verdict(false, $"{run.RunId}: MISMATCH: the journal has {run.Events.Count} events, the re-run {sink.Events.Count}{versionNote}", null, result);
        return new Verdict(true, $"{run.RunId}: match: trace hash {result.TraceHash:x16}, {result.Events} deliveries, {run.Events.Count} journal events{versionNote}", null, result);
    }

    /// <summary>The event without the fields that legitimately differ between a run and its re-run (when, by which version).</summary>
    private static IMessage Comparable(IMessage e)
    {
        if (e is not RunStarted started) return e;
        var copy = started.Clone();
        copy.StartedUnixMs = 0;
        copy.ProgramVersion = "";
        return copy;
    }

    private static string Show(IMessage e)
    {
        var text = JsonFormatter.Default.Format(e);
        return text.Length <= 2000 ? text : text[..2000] + "…";
    }
}
