using ActorMigration.Contracts.Journal;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Tests.Journal;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>A distributed sweep with <c>--journal postgres:...</c>, real processes on loopback and a real PostgreSQL server: every point's
/// run is in the shared journal as a local <c>sweep --journal</c> puts it (the same run ids, in file order, the same events), and the
/// reading tools work on it.</summary>
[RequiresPostgres]
[Collection(nameof(ClusterProcessCollection))]
public sealed class ClusterJournalProcessTests : IDisposable
{
    private readonly ProcessCluster _cluster = new();
    private readonly StoreUnderTest _distributed = PostgresEnvironment.SkipReason is null ? new PostgresStoreUnderTest() : new SqliteStoreUnderTest();
    private readonly StoreUnderTest _local = PostgresEnvironment.SkipReason is null ? new PostgresStoreUnderTest() : new SqliteStoreUnderTest();

    public void Dispose()
    {
        _cluster.Dispose();
        _distributed.Dispose();
        _local.Dispose();
    }

    /// <summary>A run's <c>RunStarted</c> without its start time, which no two runs share.</summary>
    private static RunStarted Timeless(JournaledRun run)
    {
        var started = run.Started.Clone();
        started.StartedUnixMs = 0;
        return started;
    }

    [StoreFact]
    public void A_distributed_sweep_journals_every_point_as_the_local_sweep_does()
    {
        var (seed, _, _) = _cluster.Form();
        var distributed = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv", "--cluster", seed, "--config", _cluster.Config, "--insecure", "--timeout", "120",
            "--journal", _distributed.ConnectionString, "--journal-detail", "folio");
        Assert.True(distributed.ExitCode == 0, distributed.Stderr);
        var local = CliProcess.Run("sweep", SweepFiles.Small, "--format", "csv", "--journal", _local.ConnectionString, "--journal-detail", "folio");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal(SweepFiles.WithoutWallTime(local.Stdout), SweepFiles.WithoutWallTime(distributed.Stdout));

        using var shared = MigrationJournal.OpenExisting(_distributed.ConnectionString);
        using var alone = MigrationJournal.OpenExisting(_local.ConnectionString);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"run-{i:D6}"), shared.RunIds());
        Assert.Equal(alone.RunIds(), shared.RunIds());
        foreach (var id in shared.RunIds())
        {
            var (mine, theirs) = (shared.Read(id), alone.Read(id));
            Assert.True(mine.IsComplete, id);
            Assert.Equal(Timeless(theirs), Timeless(mine));
            Assert.Equal(theirs.Events.Skip(1), mine.Events.Skip(1));
        }
        Assert.Equal(0, CliProcess.Run("runs", _distributed.ConnectionString).ExitCode);
        var verify = CliProcess.Run("verify", _distributed.ConnectionString, "--run", "4");
        Assert.True(verify.ExitCode == 0, verify.Stdout + verify.Stderr);
    }

    [Fact]
    public void A_journal_the_workers_cannot_share_is_refused_with_cluster_and_a_members_journal_is_checked_at_start()
    {
        var r = CliProcess.Run("sweep", SweepFiles.Small, "--cluster", "127.0.0.1:1", "--insecure", "--journal", Path.Combine(_cluster.Folder, "runs.db"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--journal: with --cluster, a journal every worker reaches: postgres:CONNSTR", r.Stderr);
        var node = CliProcess.Run("node", "--port", "1", "--journal", "mysql:Server=db", "--insecure");
        Assert.Equal(2, node.ExitCode);
        Assert.Contains("--journal: journal kind 'mysql:' is not known", node.Stderr);
    }
}
