using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cluster;

/// <summary>The journals a worker member writes its points into, each opened on first use and kept open for the member's lifetime
/// (opening one starts Akka.Persistence.Sql, which a point must not pay again).</summary>
/// <remarks>Thread-safe: points run on threads of their own.</remarks>
public sealed class WorkerJournals : IDisposable
{
    private readonly Dictionary<string, MigrationJournal> _open = [];

    /// <summary>Runs <paramref name="scenario"/> into the journal run <paramref name="journal"/> names, which the sweep's client claimed.</summary>
    public MigrationRunResult Run(PointJournal journal, MigrationScenario scenario) =>
        JournaledRuns.Run(Journal(journal.Location).Continue(journal.RunId), scenario, journal.Detail);

    private MigrationJournal Journal(string location)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(location, out var journal)) _open[location] = journal = MigrationJournal.Open(location);
            return journal;
        }
    }

    /// <summary>Closes every journal opened.</summary>
    public void Dispose()
    {
        lock (_open)
        {
            foreach (var journal in _open.Values) journal.Dispose();
            _open.Clear();
        }
    }
}
