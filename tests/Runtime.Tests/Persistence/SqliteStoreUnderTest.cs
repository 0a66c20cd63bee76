using Microsoft.Data.Sqlite;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>A store in an SQLite file in a fresh temporary folder.</summary>
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

    public override void Dispose() => Directory.Delete(folder, recursive: true);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
