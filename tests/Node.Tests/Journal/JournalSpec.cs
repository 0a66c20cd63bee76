using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Journal;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Reports;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>Journaled runs on a real store through Akka.Persistence.Sql: replay equals the live run, verify re-runs and compares,
/// damage is reported by position, several processes write at once. Runs once per store (SQLite file, PostgreSQL server).</summary>
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
                Assert.Equal(MigrationSimulation.Run(Scenario(mode)).TraceHash, live.TraceHash);
                var run = journal.Read(journal.RunIds()[^1]);
                Assert.True(run.IsComplete);
                var replayed = RunReplay.Rebuild(run);
                Assert.Equal(RunMetrics.Format(RunMetrics.ToJson(live, 0)), RunMetrics.Format(RunMetrics.ToJson(replayed, 0)));
            }
        Assert.Equal(8, journal.RunIds().Count);
    }

    [StoreFact]
    public void Runs_are_rows_of_akka_persistence_sql_tables_one_persistence_id_each()
    {
        using (var journal = MigrationJournal.Open(store.ConnectionString))
        {
            JournaledRuns.Run(journal, "spec", Scenario(CopyMode.Batch), JournalDetail.Folio);
            JournaledRuns.Run(journal, "spec", Scenario(CopyMode.Vanilla), JournalDetail.Batch);
        }
        using var reader = MigrationJournal.OpenExisting(store.ConnectionString);
        Assert.Equal(["run-000001", "run-000002"], reader.RunIds());
        var events = reader.Read("run-000001").Events.Count;
        Assert.Equal(events, store.Query("SELECT COUNT(*) FROM event_journal WHERE persistence_id = 'run-000001'"));
        Assert.Equal(events, store.Query("SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = 'run-000001'"));
        Assert.Equal(1, store.Query("SELECT COUNT(*) FROM event_journal WHERE persistence_id = 'run-000001' AND sequence_nr = 1 "
            + $"AND manifest = 'actormigration.journal.v1.RunStarted' AND serializer_id = {JournalSerializer.Id}"));
        // Folio detail packs thousands of folios' spans per event: the journal holds far fewer events than folios.
        Assert.True(store.Query("SELECT COUNT(*) FROM event_journal WHERE manifest = 'actormigration.journal.v1.FoliosCompleted'") < Scenario(CopyMode.Batch).Folios);
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
    public void A_flipped_byte_in_a_payload_is_reported_by_run_and_position_and_never_replayed()
    {
        using (var journal = MigrationJournal.Open(store.ConnectionString))
            for (var i = 0; i < 3; i++) JournaledRuns.Run(journal, "spec", Scenario(CopyMode.MtCopy), JournalDetail.Batch);
        store.FlipPayloadByte("run-000002", 3, 7);

        using var reader = MigrationJournal.OpenExisting(store.ConnectionString);
        Assert.Equal(["run-000001", "run-000002", "run-000003"], reader.RunIds());
        var damaged = reader.Read("run-000002");
        Assert.False(damaged.IsComplete);
        Assert.Equal(2, damaged.Events.Count);
        Assert.Equal(3, damaged.Damage!.SequenceNr);
        Assert.Contains("checksum mismatch", damaged.Damage.Problem);
        Assert.True(reader.Read("run-000003").IsComplete);
    }

    [StoreFact]
    public void Five_processes_journaling_at_once_each_get_their_own_run_and_finish()
    {
        var writers = Enumerable.Range(1, 5).Select(seed => Process.Start(CliProcess.StartInfo("run", "--platform", "zen3-ptdma", "--mode", "dcbm",
            "--workers", "4", "--folio-size", "64K", "--folios", "2048", "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--journal", store.ConnectionString, "--journal-detail", "folio", "--format", "json"))!).ToArray();
        foreach (var writer in writers)
        {
            var (stdout, stderr) = (writer.StandardOutput.ReadToEndAsync(), writer.StandardError.ReadToEndAsync());
            writer.WaitForExit();
            Assert.True(writer.ExitCode == 0, $"exit {writer.ExitCode}: {stderr.Result}");
            Assert.Contains("trace_hash", stdout.Result);
            writer.Dispose();
        }

        using var reader = MigrationJournal.OpenExisting(store.ConnectionString);
        var runs = reader.RunIds().Select(reader.Read).ToArray();
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"run-{n:D6}"), runs.Select(r => r.RunId));
        Assert.All(runs, r => Assert.True(r.IsComplete, $"{r.RunId}: {r.Damage}"));
        Assert.Equal(new ulong[] { 1, 2, 3, 4, 5 }, runs.Select(r => r.Started.Seed).Order());
        Assert.All(runs, r => Assert.True(RunComparison.Verify(r).Match, r.RunId));
    }

    [StoreFact]
    public void A_run_killed_with_sigkill_leaves_a_journal_read_up_to_its_last_complete_write()
    {
        var start = CliProcess.StartInfo("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "4K", "--total", "4G",
            "--journal", store.ConnectionString, "--journal-detail", "folio", "--format", "json");
        using (var victim = Process.Start(start)!)
        {
            // Kill it once a few write batches are in: mid-run, never at a clean boundary of our choosing.
            var clock = Stopwatch.StartNew();
            while (!victim.HasExited && RowsWritten() < 200 && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
            Assert.False(victim.HasExited, "the run finished before it could be killed");
            victim.Kill(); // SIGKILL: no handler, no flush
            victim.WaitForExit();
        }

        var runs = CliProcess.Run("runs", store.ConnectionString);
        Assert.True(runs.ExitCode == 0, runs.Stderr);
        Assert.Contains("run-000001", runs.Stdout);
        Assert.Contains("INCOMPLETE", runs.Stdout);

        var replay = CliProcess.Run("replay", store.ConnectionString, "--format", "json");
        Assert.Equal(1, replay.ExitCode);
        Assert.Contains("run-000001 is INCOMPLETE", replay.Stderr);
        var json = JsonNode.Parse(replay.Stdout)!.AsObject();
        Assert.False((bool)json["complete"]!);
        Assert.True((int)json["batches"]! > 0);
        Assert.True((int)json["succeeded"]! < 1 << 20);

        var verify = CliProcess.Run("verify", store.ConnectionString);
        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("INCOMPLETE journal", verify.Stdout);
    }

    private long RowsWritten()
    {
        try
        {
            return store.Query("SELECT COUNT(*) FROM event_journal");
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
        {
            return 0; // not created yet, or busy: look again
        }
    }

    [StoreFact]
    public void A_journal_of_the_older_format_is_refused_naming_the_format()
    {
        store.Execute("CREATE TABLE journal (ordering BIGINT, persistence_id TEXT, sequence_number BIGINT, message BYTEA)");
        store.Execute("CREATE TABLE persistence_schema (version INTEGER NOT NULL)");
        Assert.Contains("older format", Assert.Throws<JournalFormatException>(() => MigrationJournal.OpenExisting(store.ConnectionString)).Message);
        Assert.Contains("older format", Assert.Throws<JournalFormatException>(() => MigrationJournal.Open(store.ConnectionString)).Message);
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
