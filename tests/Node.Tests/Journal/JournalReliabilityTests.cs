using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>What a user sees when a journaled run dies or its database is out of reach: real processes, real files.</summary>
public sealed class JournalReliabilityTests
{
    [Fact]
    public void A_run_killed_with_sigkill_leaves_a_journal_read_up_to_its_last_complete_write()
    {
        using var store = new SqliteStoreUnderTest();
        var start = CliProcess.StartInfo("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "4K", "--total", "4G",
            "--journal", store.ConnectionString, "--journal-detail", "folio", "--format", "json");
        using (var victim = Process.Start(start)!)
        {
            // Kill it once a few write batches are in: mid-run, never at a clean boundary of our choosing.
            var clock = Stopwatch.StartNew();
            while (!victim.HasExited && RowsWritten(store) < 200 && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(20);
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

    [Fact]
    public void An_unreachable_database_is_a_clear_error_and_no_result()
    {
        var r = CliProcess.Run("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "2M", "--total", "64M",
            "--journal", "postgres:Host=127.0.0.1;Port=1;Username=nobody;Password=secret;Database=none;Timeout=2", "--format", "json");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("actormigration:", r.Stderr);
        Assert.DoesNotContain("secret", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Equal("", r.Stdout.Trim());
    }

    [Fact]
    public void A_journal_in_a_missing_folder_is_a_clear_error()
    {
        var r = CliProcess.Run("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "2M", "--total", "64M",
            "--journal", "sqlite:/nonexistent-folder/j.db");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("/nonexistent-folder/j.db", r.Stderr);
        Assert.Equal("", r.Stdout.Trim());
    }

    private static long RowsWritten(SqliteStoreUnderTest store)
    {
        if (!File.Exists(store.FilePath)) return 0;
        try
        {
            return store.Query("SELECT COUNT(*) FROM event_journal");
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // not created yet, or busy: look again
        }
    }
}
