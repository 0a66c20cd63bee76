using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorMigration.Node.Bench;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration bench runtime [--format table|json] [--scale X]</c>.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var scale = new Option<double>("--scale") { Description = "Multiplies the event counts (1 = the reported configuration)", DefaultValueFactory = _ => 1.0 };
        var runtime = new Command("runtime", "Throughput of the actor runtime: ping-pong, fan-out to random peers, 100,000 pending timers");
        runtime.Options.Add(format);
        runtime.Options.Add(scale);
        runtime.SetAction(parse =>
        {
            var s = parse.GetValue(scale);
            if (!(s > 0)) throw new UsageException($"--scale: expected a positive number, got {s.ToString(CultureInfo.InvariantCulture)}");
            var results = RuntimeBenchmark.RunAll(s);
            if (parse.GetValue(format) == "json") Console.WriteLine(ToJson(results));
            else
                foreach (var r in results)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Name,-10} {r.EventsPerSecond / 1e6,8:F2} M/s  {r.Events,12:N0} events  {r.AllocatedBytesPerEvent,6:F2} B/event"));
            return ExitCodes.Ok;
        });
        var model = new Command("migration", "Wall time of 1 GB 4K runs in every mode and of the RFC sweep, and peak memory (JSON)");
        var sweepPath = new Option<string>("--sweep") { Description = "The sweep to time: a scenario file or a shipped scenario's name", DefaultValueFactory = _ => "rfc-v3-throughput" };
        model.Options.Add(sweepPath);
        model.SetAction(parse =>
        {
            Console.WriteLine(JsonSerializer.Serialize(MigrationBenchmark.Model(parse.GetValue(sweepPath)!)));
            return ExitCodes.Ok;
        });

        var journal = new Command("journal", "Cost of journaling a 1 GB 4K run at batch and folio detail, on SQLite and (with ACTORMIGRATION_POSTGRES) PostgreSQL (JSON)");
        journal.SetAction(_ =>
        {
            var folder = Directory.CreateTempSubdirectory("am-bench-journal-");
            var pg = Environment.GetEnvironmentVariable("ACTORMIGRATION_POSTGRES");
            var schemas = new List<string>();
            try
            {
                var n = 0;
                var stores = new List<(string, Func<string>)> { ("sqlite", () => $"sqlite:{Path.Combine(folder.FullName, $"j{++n}.db")}") };
                if (pg is { Length: > 0 }) stores.Add(("postgres", () => FreshPostgres(pg, schemas)));
                Console.WriteLine(JsonSerializer.Serialize(MigrationBenchmark.Journal(stores)));
            }
            finally
            {
                folder.Delete(recursive: true);
                foreach (var schema in schemas) Postgres(pg!, $"DROP SCHEMA {schema} CASCADE");
            }
            return ExitCodes.Ok;
        });

        var bench = new Command("bench", "Benchmarks");
        bench.Subcommands.Add(runtime);
        bench.Subcommands.Add(model);
        bench.Subcommands.Add(journal);
        bench.Subcommands.Add(BenchPartitionsCommand.Create());
        return bench;
    }

    /// <summary>A PostgreSQL location whose journal starts empty: each measurement writes into a schema of its own, dropped afterwards.</summary>
    private static string FreshPostgres(string connectionString, List<string> schemas)
    {
        var schema = $"am_bench_{Guid.NewGuid():N}";
        Postgres(connectionString, $"CREATE SCHEMA {schema}");
        schemas.Add(schema);
        return "postgres:" + new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ToString();
    }

    private static void Postgres(string connectionString, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string ToJson(IReadOnlyList<RuntimeBenchmark.Result> results)
    {
        var figures = new Dictionary<string, object>();
        foreach (var r in results)
        {
            var rateName = r.Name == "timers" ? "timers_per_s" : $"{r.Name}_msgs_per_s";
            figures[rateName] = Math.Round(r.EventsPerSecond);
            figures[$"{r.Name}_events"] = r.Events;
            figures[$"{r.Name}_alloc_bytes_per_event"] = Math.Round(r.AllocatedBytesPerEvent, 3);
        }
        figures["processor_count"] = Environment.ProcessorCount;
        return JsonSerializer.Serialize(figures);
    }
}
