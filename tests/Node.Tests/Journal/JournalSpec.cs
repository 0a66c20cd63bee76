using System.Text.Json.Nodes;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Journal;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Reports;
using ActorMigration.Runtime.Persistence;
using ActorMigration.Runtime.Tests.Persistence;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>Journaled runs on a real store: replay equals the live run, verify re-runs and compares, damage is reported by position.
/// Runs once per store (SQLite file, PostgreSQL server).</summary>
public abstract class JournalSpec(StoreUnderTest store) : IDisposable
{
    private static readonly PlatformProfile Zen3 = PlatformProfileReader.Load("zen3-ptdma");

    public static TheoryData<CopyMode, JournalDetail> ModesAndDetails()
    {
        var data = new TheoryData<CopyMode, JournalDetail>();
        foreach (var mode in Enum.GetValues<CopyMode>())
            foreach (var detail in new[] { JournalDetail.Batch, JournalDetail.Folio })
                data.Add(mode, detail);
        return data;
    }

    private static MigrationScenario Scenario(CopyMode mode, ulong seed = 3) => new()
    {
        Platform = Zen3,
        Mode = mode,
        Workers = mode is CopyMode.MtCopy or CopyMode.Dcbm ? 4 : 0,
        FolioSize = ByteSize.FromKiB(64),
        Folios = 96,
        BatchPages = mode == CopyMode.Vanilla ? 512 : 1024,
        Faults = new FaultInjection(Eagain: 0.1, Ebusy: 0.02),
        Seed = seed,
    };

    [StoreFact]
    public void Replay_equals_the_live_run_for_every_mode_at_both_detail_levels()
    {
        using var journal = MigrationJournal.Open(store.ConnectionString);
        foreach (var mode in Enum.GetValues<CopyMode>())
            foreach (var detail in new[] { JournalDetail.Batch, JournalDetail.Folio })
            {
                var live = JournaledRuns.Run(journal, "spec", Scenario(mode), detail);
                var run = journal.Read(journal.RunIds()[^1]);
                Assert.True(run.IsComplete);
                var replayed = RunReplay.Rebuild(run);
                Assert.Equal(RunMetrics.Format(RunMetrics.ToJson(live, 0)), RunMetrics.Format(RunMetrics.ToJson(replayed, 0)));
            }
        Assert.Equal(8, journal.RunIds().Count);
    }

    [StoreFact]
    public void Verify_re_runs_the_recorded_scenario_and_matches()
    {
        using var journal = MigrationJournal.Open(store.ConnectionString);
        JournaledRuns.Run(journal, "spec", Scenario(CopyMode.Dcbm), JournalDetail.Folio);
        var verdict = RunComparison.Verify(journal.Read(journal.RunIds()[^1]));
        Assert.True(verdict.Match, verdict.Summary + "\n" + verdict.FirstDifference);
        Assert.Contains("match: trace hash", verdict.Summary);
    }

    [StoreFact]
    public void Verify_shows_the_first_event_that_differs()
    {
        using var journal = MigrationJournal.Open(store.ConnectionString);
        JournaledRuns.Run(journal, "spec", Scenario(CopyMode.Vanilla), JournalDetail.Batch);
        var run = journal.Read(journal.RunIds()[^1]);
        var events = run.Events.ToList();
        var second = events.FindIndex(e => e is BatchCompleted { Index: 1 });
        var altered = ((BatchCompleted)events[second]).Clone();
        altered.CpuMovePs += 1;
        events[second] = altered;
        var verdict = RunComparison.Verify(run with { Events = events });
        Assert.False(verdict.Match);
        Assert.Contains($"MISMATCH at event {second + 1} of {events.Count} (BatchCompleted)", verdict.Summary);
        Assert.Contains("\"cpuMovePs\"", verdict.FirstDifference);
    }

    [StoreFact]
    public void A_damaged_row_is_reported_by_position_never_replayed()
    {
        using (var journal = MigrationJournal.Open(store.ConnectionString))
            JournaledRuns.Run(journal, "spec", Scenario(CopyMode.MtCopy), JournalDetail.Batch);
        store.Execute("UPDATE journal SET message = message || message WHERE sequence_number = 3");
        using var reopened = MigrationJournal.Open(store.ConnectionString);
        var e = Assert.Throws<CorruptedDataException>(() => reopened.Read("run-000001"));
        Assert.Contains("run-000001", e.Message);
        Assert.Equal(3, e.SequenceNr);
    }

    [StoreFact]
    public void The_trace_of_a_four_channel_dcbm_run_is_valid_trace_event_json()
    {
        using var journal = MigrationJournal.Open(store.ConnectionString);
        JournaledRuns.Run(journal, "spec", Scenario(CopyMode.Dcbm) with { Faults = FaultInjection.None }, JournalDetail.Folio);
        using var buffer = new MemoryStream();
        TraceExporter.Write(journal.Read(journal.RunIds()[^1]), buffer);

        var trace = JsonNode.Parse(buffer.ToArray())!.AsObject();
        var events = trace["traceEvents"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        var tracks = events.Where(e => (string?)e["ph"] == "M" && (string?)e["name"] == "thread_name")
            .ToDictionary(e => (int)e["tid"]!, e => (string)e["args"]!["name"]!);
        Assert.Contains("cpu0", tracks.Values);
        Assert.Contains("ptdma", tracks.Values);
        for (var c = 0; c < 4; c++) Assert.Contains($"ptdma-ch{c}", tracks.Values);
        var spans = events.Where(e => (string?)e["ph"] == "X").ToArray();
        foreach (var span in spans)
        {
            Assert.True((double)span["ts"]! >= 0 && (double)span["dur"]! >= 0);
            Assert.True(tracks.ContainsKey((int)span["tid"]!), $"span on an unnamed track: {span.ToJsonString()}");
        }
        var categories = spans.Select(s => (string)s["cat"]!).ToHashSet();
        foreach (var category in new[] { "batch", "unmap", "flush", "copy", "remap" }) Assert.Contains(category, categories);
        Assert.Equal(Scenario(CopyMode.Dcbm).Folios, spans.Count(s => ((string)s["name"]!).StartsWith("remap folio", StringComparison.Ordinal)));
        Assert.All(tracks.Where(t => t.Value.StartsWith("ptdma-ch", StringComparison.Ordinal)),
            t => Assert.Contains(spans, s => (int)s["tid"]! == t.Key && (string)s["name"]! == "descriptor"));
    }

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteJournalTests() : JournalSpec(new SqliteStoreUnderTest());

[RequiresPostgres]
public sealed class PostgresJournalTests() : JournalSpec(PostgresEnvironment.SkipReason is null ? new PostgresStoreUnderTest() : new SqliteStoreUnderTest());
