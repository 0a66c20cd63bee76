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

    /// <summary>Runs <paramref name="scenario"/> into <paramref name="sink"/>, which holds the run's <c>RunStarted</c> already (a
    /// claimed run of a journal, memory, or both).</summary>
    public static MigrationRunResult Run(IRunEventSink sink, MigrationScenario scenario, JournalDetail detail)
    {
        var recorder = new JournalRecorder(sink, detail);
        var result = MigrationSimulation.Run(scenario, recorder);
        recorder.Complete(result);
        return result;
    }
}
