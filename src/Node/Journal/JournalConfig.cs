using System.Text.Json;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace ActorMigration.Node.Journal;

/// <summary>The HOCON of the ActorSystem that journals runs: Akka.Persistence.Sql as journal and read journal on one location,
/// journal events serialized by <see cref="JournalSerializer"/>.</summary>
internal static class JournalConfig
{
    public const string QueryPluginId = "akka.persistence.query.journal.sql";

    /// <summary>The configuration for <paramref name="location"/>; only a writer creates tables (Akka.Persistence.Sql's auto-initialisation).</summary>
    public static Config For(JournalLocation location, bool writable) => ConfigurationFactory.ParseString("""
        akka {
          # Akka logs to standard output, which carries the program's tables, JSON and CSV: what fails is reported by the
          # journal's callers instead.
          loglevel = OFF
          stdout-loglevel = OFF
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """).WithFallback(Persistence(location, writable));

    /// <summary>Akka.Persistence.Sql as the default journal and read journal on <paramref name="location"/>, with
    /// <see cref="JournalSerializer"/> for run events: also the journal of a cluster member started with <c>--journal</c>.</summary>
    public static Config Persistence(JournalLocation location, bool writable)
    {
        var (provider, mapping) = location.IsPostgres ? ("PostgreSQL.15", "postgresql") : ("SQLite.MS", "sqlite");
        var connection = Quote(location.ConnectionString(writable));
        var serializer = Quote(typeof(JournalSerializer).AssemblyQualifiedName!);
        var bindings = string.Join("\n", JournalSerializer.EventTypes.Select(t => $"      {Quote($"{t.FullName}, {t.Assembly.GetName().Name}")} = journal"));
        // The "postgresql" mapping names schema "public"; none lets the connection's search path decide, as for any other client.
        return ConfigurationFactory.ParseString($$"""
            akka {
              actor {
                serializers.journal = {{serializer}}
                serialization-bindings {
            {{bindings}}
                }
              }
              persistence {
                # Runs are never snapshotted; Akka's default (local files) would make a snapshots folder wherever the program runs.
                snapshot-store.plugin = "akka.persistence.no-snapshot-store"
                journal {
                  plugin = "akka.persistence.journal.sql"
                  sql {
                    connection-string = {{connection}}
                    provider-name = "{{provider}}"
                    table-mapping = {{mapping}}
                    postgresql.schema-name = null
                    prefer-parameters-on-multirow-insert = on
                    # Each atomic write in a transaction of its own: a claim lost to another process must not fail a run's write.
                    batch-size = 1
                    auto-initialize = {{(writable ? "on" : "off")}}
                    # Writers of one SQLite file wait for each other's locks: give a busy machine more than Akka's 10 s per call.
                    circuit-breaker.call-timeout = 60s
                    recovery-event-timeout = 60s
                  }
                }
                query.journal.sql {
                  connection-string = {{connection}}
                  provider-name = "{{provider}}"
                  table-mapping = {{mapping}}
                  postgresql.schema-name = null
                }
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    // A HOCON quoted string has JSON's escapes.
    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
