using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Journal;
using Google.Protobuf;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>A run claimed by one process and written by another, as a distributed sweep's client and worker do: the continued run is
/// the run a local sweep journals, also after an attempt lost half-way left some of its events behind. Runs once per store.</summary>
public abstract class ContinuedRunSpec(StoreUnderTest store) : IDisposable
{
    private static readonly MigrationScenario Scenario = new()
    {
        Platform = PlatformProfileReader.Load("zen3-ptdma"),
        Mode = CopyMode.Dcbm,
        Workers = 4,
        FolioSize = ByteSize.FromKiB(4),
        Folios = 2048,
        BatchPages = 512,
        Faults = new FaultInjection(Eagain: 0.05),
        Seed = 5,
    };

    /// <summary>A run's events after its <c>RunStarted</c>, whose start time differs between any two runs.</summary>
    private static IMessage[] AfterStart(JournaledRun run) => run.Events.Skip(1).ToArray();

    [StoreFact]
    public void A_continued_run_after_a_lost_attempt_holds_the_events_of_a_local_run_once()
    {
        using var journal = MigrationJournal.Open(store.ConnectionString);
        JournaledRuns.Run(journal, "spec", Scenario, JournalDetail.Folio);
        var local = journal.Read("run-000001");

        var claim = journal.Begin("spec", Scenario, JournalDetail.Folio);
        claim.Complete();
        Assert.Equal("run-000002", claim.RunId);
        // The lost attempt wrote the first part of the run, then vanished without its end.
        var lost = journal.Continue(claim.RunId);
        lost.Write(AfterStart(local)[..(AfterStart(local).Length / 2)]);
        lost.Complete();
        Assert.False(journal.Read(claim.RunId).IsComplete);

        var result = JournaledRuns.Run(journal.Continue(claim.RunId), Scenario, JournalDetail.Folio);
        var continued = journal.Read(claim.RunId);
        Assert.True(continued.IsComplete);
        Assert.Equal(local.Completed!.TraceHash, result.TraceHash);
        Assert.Equal(AfterStart(local), AfterStart(continued));
        Assert.Equal(local.Events.Count, store.Query($"SELECT COUNT(*) FROM event_journal WHERE persistence_id = '{claim.RunId}'"));
        Assert.True(RunComparison.Verify(continued).Match);
    }

    [StoreFact]
    public void A_run_nobody_claimed_cannot_be_continued()
    {
        using var journal = MigrationJournal.Open(store.ConnectionString);
        var e = Assert.Throws<JournalUnavailableException>(() => journal.Continue("run-000009"));
        Assert.Contains("run-000009 was never claimed", e.Message);
    }

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteContinuedRunTests() : ContinuedRunSpec(new SqliteStoreUnderTest());

[RequiresPostgres]
public sealed class PostgresContinuedRunTests() : ContinuedRunSpec(PostgresEnvironment.SkipReason is null ? new PostgresStoreUnderTest() : new SqliteStoreUnderTest());
