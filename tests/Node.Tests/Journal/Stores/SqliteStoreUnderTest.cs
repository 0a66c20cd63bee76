using Microsoft.Data.Sqlite;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>A journal in an SQLite file in a fresh temporary folder.</summary>
public sealed class SqliteStoreUnderTest : StoreUnderTest
{
    private readonly string folder = Directory.CreateTempSubdirectory("am-persistence-").FullName;

    public string FilePath => Path.Combine(folder, "journal.db");

    public override string ConnectionString => "sqlite:" + FilePath;

    public override void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override long Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void FlipPayloadByte(string persistenceId, long sequenceNr, int offset)
    {
        using var connection = Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT payload FROM event_journal WHERE persistence_id = $id AND sequence_nr = $nr";
        read.Parameters.AddWithValue("$id", persistenceId);
        read.Parameters.AddWithValue("$nr", sequenceNr);
        var payload = (byte[])read.ExecuteScalar()!;
        payload[offset] ^= 0xFF;
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE event_journal SET payload = $payload WHERE persistence_id = $id AND sequence_nr = $nr";
        write.Parameters.AddWithValue("$payload", payload);
        write.Parameters.AddWithValue("$id", persistenceId);
        write.Parameters.AddWithValue("$nr", sequenceNr);
        Assert.Equal(1, write.ExecuteNonQuery());
    }

    /// <summary>Copies the journal file and its rollback journal to <paramref name="path"/> in the middle of a large write: what a
    /// writer killed there leaves behind, a "hot" journal that SQLite must roll back before the file can be read.</summary>
    public void CopyDuringAnUnfinishedWrite(string path)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA cache_size = 10; BEGIN; "
            + "INSERT INTO event_journal (timestamp, is_deleted, persistence_id, sequence_nr, payload) "
            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) SELECT 0, 0, 'run-000002', i, randomblob(20000) FROM n;";
        command.ExecuteNonQuery();
        File.Copy(FilePath, path);
        File.Copy(FilePath + "-journal", path + "-journal");
        command.CommandText = "ROLLBACK";
        command.ExecuteNonQuery();
    }

    public override void Dispose() => Directory.Delete(folder, recursive: true);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
