using ActorMigration.Runtime.Persistence;
using ActorMigration.Runtime.Persistence.Sql;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>The shared store suite on a real SQLite file, plus what only a file can suffer.</summary>
public sealed class SqlitePersistenceStoreTests() : PersistenceStoreSpec(new SqliteStoreUnderTest())
{
    private SqliteStoreUnderTest File => (SqliteStoreUnderTest)Target;

    [Fact]
    public void A_truncated_file_is_reported_as_corruption()
    {
        Store.Journal.WriteMessages([.. Enumerable.Range(1, 2_000).Select(n => new PersistentRepr("p", n, n, "m", new byte[500]))]);
        Store.Dispose();
        var length = new FileInfo(File.FilePath).Length;
        using (var stream = new FileStream(File.FilePath, FileMode.Open))
        {
            stream.SetLength(length / 2);
        }

        var error = Assert.Throws<CorruptedDataException>(() =>
        {
            Store = PersistenceStore.Open(File.ConnectionString);
            Store.Journal.ReplayMessages("p", 1, long.MaxValue, long.MaxValue, _ => { });
        });

        Assert.Contains(File.FilePath, error.Message);
        Assert.Contains("damaged, truncated or not an SQLite database", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_as_corruption()
    {
        Store.Dispose();
        System.IO.File.WriteAllText(File.FilePath, new string('x', 8192));

        var error = Assert.Throws<CorruptedDataException>(() => Store = PersistenceStore.Open(File.ConnectionString));

        Assert.Contains(File.FilePath, error.Message);
    }

    [Fact]
    public void A_full_disk_is_reported_as_unavailable_and_the_batch_is_not_written()
    {
        const long pages = 64;
        var path = File.FilePath + ".capped";
        using var capped = PersistenceStore.Open(new SqliteDialect(path, maxPageCount: pages));
        capped.Journal.WriteMessages([new PersistentRepr("p", 1, 1, "m", new byte[100])]);

        var error = Assert.Throws<StoreUnavailableException>(() =>
            capped.Journal.WriteMessages([.. Enumerable.Range(2, 1_000).Select(n => new PersistentRepr("p", n, n, "m", new byte[1_000]))]));

        Assert.Contains($"SQLite file '{path}': writing a batch of 1000 events failed: the disk is full", error.Message);
        Assert.Equal(1, capped.Journal.ReadHighestSequenceNr("p", 0));
    }

    [Fact]
    public void A_file_in_a_missing_folder_is_reported_as_unavailable()
    {
        var path = Path.Combine(Path.GetDirectoryName(File.FilePath)!, "missing", "journal.db");

        var error = Assert.Throws<StoreUnavailableException>(() => PersistenceStore.Open("sqlite:" + path));

        Assert.Contains($"SQLite file '{path}'", error.Message);
        Assert.Contains("cannot be opened", error.Message);
    }
}
