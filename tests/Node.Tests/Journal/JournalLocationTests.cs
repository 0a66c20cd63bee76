using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Tests.Journal;

public sealed class JournalLocationTests
{
    [Theory]
    [InlineData("runs.db", false, "runs.db")]
    [InlineData("sqlite:/tmp/runs.db", false, "/tmp/runs.db")]
    [InlineData("SQLite:runs.db", false, "runs.db")]
    [InlineData("postgres:Host=db;Database=am", true, "Host=db;Database=am")]
    public void A_bare_path_is_sqlite_and_each_scheme_its_store(string text, bool isPostgres, string target)
    {
        var location = JournalLocation.Parse(text);
        Assert.Equal(isPostgres, location.IsPostgres);
        Assert.Equal(target, location.Target);
    }

    [Theory]
    [InlineData("postgres:", "'postgres:' has no connection string")]
    [InlineData("sqlite:", "'sqlite:' names no file")]
    [InlineData("  ", "no journal named")]
    [InlineData("postgres:Host", "'postgres:' has an invalid connection string")]
    [InlineData("mysql:Server=x;Password=hunter2", "journal kind 'mysql:' is not known")]
    public void A_malformed_location_says_what_is_expected_and_never_echoes_a_password(string text, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => JournalLocation.Parse(text));
        Assert.Contains(problem, e.Message);
        Assert.Contains("postgres:CONNSTR", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }

    [Fact]
    public void Shown_without_passwords_and_read_only_for_readers_keeping_the_users_options()
    {
        var location = JournalLocation.Parse("postgres:Host=db;Username=am;Password=hunter2;SSL Password=secret2;Options=-c search_path=lab");
        Assert.DoesNotContain("hunter2", location.Display);
        Assert.DoesNotContain("secret2", location.Display);
        Assert.Equal(location.Display, location.ToString());
        var reader = location.ConnectionString(writable: false);
        Assert.Contains("search_path=lab", reader);
        Assert.Contains("default_transaction_read_only=on", reader);
        Assert.DoesNotContain("read_only", location.ConnectionString(writable: true));
        Assert.Contains("search_path=lab", location.ConnectionString(writable: true));
    }
}
