using ActorMigration.Actors.Simulation;

namespace ActorMigration.Node.Journal;

/// <summary>Runs a scenario with its journal: the recorder watches the run and writes its end only once the run is over.</summary>
public static class JournaledRuns
{
    /// <summary>Runs <paramref name="scenario"/>, journaling it into <paramref name="journal"/> at <paramref name="detail"/> (off: not at all)
    /// as run <paramref name="runId"/> (default: the journal's next id).</summary>
    public static MigrationRunResult Run(MigrationJournal? journal, string scenarioName, MigrationScenario scenario, JournalDetail detail, string? runId = null)
    {
        if (journal is null || detail == JournalDetail.Off) return MigrationSimulation.Run(scenario);
        var recorder = new JournalRecorder(journal, runId ?? journal.NextRunId(), scenarioName, scenario, detail);
        var result = MigrationSimulation.Run(scenario, recorder);
        recorder.Complete(result);
        return result;
    }
}
