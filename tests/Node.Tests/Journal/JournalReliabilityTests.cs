namespace ActorMigration.Node.Tests.Journal;

/// <summary>What a user sees when a journal's database is out of reach: real processes.</summary>
public sealed class JournalReliabilityTests
{
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
}
