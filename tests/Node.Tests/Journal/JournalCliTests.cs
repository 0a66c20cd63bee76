using System.Security.Cryptography;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>Where journals are and what the journal commands do to them, as a user meets them: real processes on real files.</summary>
public sealed class JournalCliTests
{
    private static readonly string[] SmallRun = ["run", "--platform", "zen3-ptdma", "--mode", "mtcopy", "--workers", "2", "--folio-size", "64K", "--folios", "256"];

    [Fact]
    public void A_bare_path_is_an_sqlite_journal_and_journaling_leaves_nothing_else_behind()
    {
        using var store = new SqliteStoreUnderTest();
        var folder = Path.GetDirectoryName(store.FilePath)!;
        var run = CliProcess.RunIn(folder, [.. SmallRun, "--journal", "journal.db"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(["journal.db"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        var runs = CliProcess.Run("runs", store.FilePath);
        Assert.True(runs.ExitCode == 0, runs.Stderr);
        Assert.Contains("run-000001", runs.Stdout);
        Assert.Contains("complete", runs.Stdout);
    }

    [Theory]
    [InlineData("runs", "postgres:")]
    [InlineData("replay", "postgres:  ")]
    [InlineData("run", "postgres:")]
    public void Postgres_without_a_connection_string_is_bad_input(string command, string location)
    {
        var r = command == "run" ? CliProcess.Run([.. SmallRun, "--journal", location]) : CliProcess.Run(command, location);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'postgres:' has no connection string", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void Reading_tools_change_nothing_in_a_journal()
    {
        using var store = new SqliteStoreUnderTest();
        Assert.Equal(0, CliProcess.Run([.. SmallRun, "--journal", store.FilePath, "--journal-detail", "folio"]).ExitCode);
        var folder = Path.GetDirectoryName(store.FilePath)!;
        var before = Snapshot(folder);
        var trace = Path.Combine(Path.GetTempPath(), $"am-trace-{Guid.NewGuid():N}.json");
        try
        {
            foreach (var args in new[] { ["runs", store.FilePath], ["replay", store.FilePath], ["verify", store.FilePath], new[] { "trace", store.FilePath, "--out", trace } })
            {
                var r = CliProcess.Run(args);
                Assert.True(r.ExitCode == 0, $"{args[0]}: {r.Stderr}");
                Assert.Equal(before, Snapshot(folder));
            }
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Fact]
    public void A_journal_of_the_older_format_is_refused_with_exit_2()
    {
        using var store = new SqliteStoreUnderTest();
        store.Execute("CREATE TABLE journal (ordering INTEGER, persistence_id TEXT, sequence_number INTEGER, message BLOB)");
        store.Execute("CREATE TABLE snapshot (persistence_id TEXT, sequence_number INTEGER, snapshot BLOB)");
        store.Execute("CREATE TABLE persistence_schema (version INTEGER NOT NULL)");
        var before = Snapshot(Path.GetDirectoryName(store.FilePath)!);
        foreach (var r in new[] { CliProcess.Run("runs", store.FilePath), CliProcess.Run([.. SmallRun, "--journal", store.FilePath]) })
        {
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"{store.FilePath} is a journal of the older format", r.Stderr);
            Assert.Equal("", r.Stdout.Trim());
        }
        Assert.Equal(before, Snapshot(Path.GetDirectoryName(store.FilePath)!));
    }

    [Fact]
    public void A_damaged_run_is_listed_and_marked_and_hides_no_later_run()
    {
        using var store = new SqliteStoreUnderTest();
        for (var i = 0; i < 3; i++) Assert.Equal(0, CliProcess.Run([.. SmallRun, "--journal", store.FilePath]).ExitCode);
        store.FlipPayloadByte("run-000002", 2, 5);

        var runs = CliProcess.Run("runs", store.FilePath);
        Assert.True(runs.ExitCode == 0, runs.Stderr);
        var lines = runs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("complete", Assert.Single(lines, l => l.StartsWith("run-000001", StringComparison.Ordinal)));
        Assert.Contains("DAMAGED (event 2 of ", Assert.Single(lines, l => l.StartsWith("run-000002", StringComparison.Ordinal)));
        Assert.Contains("complete", Assert.Single(lines, l => l.StartsWith("run-000003", StringComparison.Ordinal)));

        var replay = CliProcess.Run("replay", store.FilePath, "--run", "2", "--format", "json");
        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("run-000002 is DAMAGED at event 2 of ", replay.Stderr);
        Assert.Contains("checksum mismatch", replay.Stderr);
        Assert.Equal("", replay.Stdout.Trim());
    }

    [Fact]
    public void A_writer_killed_mid_write_leaves_a_journal_that_reads_to_its_last_commit()
    {
        using var store = new SqliteStoreUnderTest();
        Assert.Equal(0, CliProcess.Run([.. SmallRun, "--journal", store.FilePath]).ExitCode);
        using var killed = new SqliteStoreUnderTest();
        store.CopyDuringAnUnfinishedWrite(killed.FilePath);
        Assert.True(File.Exists(killed.FilePath + "-journal"), "no rollback journal was left behind");

        var runs = CliProcess.Run("runs", killed.FilePath);
        Assert.True(runs.ExitCode == 0, runs.Stderr);
        Assert.Contains("run-000001", runs.Stdout);
        Assert.DoesNotContain("run-000002", runs.Stdout);
        Assert.Equal(0, CliProcess.Run("verify", killed.FilePath).ExitCode);
        Assert.Equal(0, CliProcess.Run([.. SmallRun, "--journal", killed.FilePath]).ExitCode);
    }

    [Fact]
    public void A_recorded_scenario_this_build_refuses_is_bad_input_not_a_crash()
    {
        using var store = new SqliteStoreUnderTest();
        using (var journal = MigrationJournal.Open(store.FilePath))
        {
            // What an earlier build journaled before it refused workers for vanilla.
            var scenario = new MigrationScenario { Platform = PlatformProfileReader.Load("zen3-ptdma"), Mode = CopyMode.Vanilla, Workers = 4, FolioSize = ByteSize.FromKiB(64), Folios = 16 };
            journal.Begin("old", scenario, JournalDetail.Batch).Complete();
        }
        var r = CliProcess.Run("verify", store.FilePath);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("run-000001 recorded a scenario this build does not run (workers: vanilla copies on the migrating task itself", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    // Every file of the folder with its bytes' hash and its time of last change.
    private static string Snapshot(string folder) => string.Join("\n", Directory.GetFiles(folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))} {File.GetLastWriteTimeUtc(f):O}"));
}
