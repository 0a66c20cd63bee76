using Npgsql;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>A journal in a fresh schema of the PostgreSQL database named by <see cref="PostgresEnvironment"/>, dropped afterwards.</summary>
public sealed class PostgresStoreUnderTest : StoreUnderTest
{
    private readonly string schema = "am_test_" + Guid.NewGuid().ToString("N");
    private readonly string serverConnectionString = PostgresEnvironment.RequiredConnectionString;
    private readonly string schemaConnectionString;

    public PostgresStoreUnderTest()
    {
        schemaConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { SearchPath = schema, ApplicationName = schema }.ToString();
        Run(serverConnectionString, $"CREATE SCHEMA {schema}");
    }

    public override string ConnectionString => "postgres:" + schemaConnectionString;

    public override void Execute(string sql) => Run(schemaConnectionString, sql);

    public override long Query(string sql)
    {
        using var connection = new NpgsqlConnection(schemaConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void FlipPayloadByte(string persistenceId, long sequenceNr, int offset) =>
        Execute($"UPDATE event_journal SET payload = set_byte(payload, {offset}, get_byte(payload, {offset}) # 255) WHERE persistence_id = '{persistenceId}' AND sequence_nr = {sequenceNr}");

    public override void Dispose() => Run(serverConnectionString, $"DROP SCHEMA {schema} CASCADE");

    private static void Run(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
