using ActorMigration.Actors.Simulation;

namespace ActorMigration.Node.Journal;

/// <summary>Runs a scenario with its journal: the recorder watches the run and writes its end only once the run is over.</summary>
public static class JournaledRuns
{
    /// <summary>Runs <paramref name="scenario"/>, journaling it into <paramref name="journal"/> at <paramref name="detail"/> (off: not at all)
    /// as the journal's next run.</summary>
    public static MigrationRunResult Run(MigrationJournal? journal, string scenarioName, MigrationScenario scenario, JournalDetail detail) =>
        journal is null || detail == JournalDetail.Off
            ? MigrationSimulation.Run(scenario)
            : Run(journal.Begin(scenarioName, scenario, detail), scenario, detail);

    /// <summary>Runs <paramref name="scenario"/> into the run <paramref name="writer"/> has claimed.</summary>
    public static MigrationRunResult Run(RunJournalWriter writer, MigrationScenario scenario, JournalDetail detail)
    {
        var recorder = new JournalRecorder(writer, detail);
        var result = MigrationSimulation.Run(scenario, recorder);
        recorder.Complete(result);
        return result;
    }
}
