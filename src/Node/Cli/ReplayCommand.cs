using System.CommandLine;
using System.Diagnostics;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Reports;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration replay JOURNAL [--run ID] [--format table|json]</c>: a run's metrics rebuilt from its journal alone.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var journalArg = new Argument<string>("JOURNAL") { Description = "sqlite:PATH or postgres:CONNSTR" };
        var runOption = new Option<string?>("--run") { Description = "Run id (default: the last run)" };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("replay", "Rebuild a run's metrics from its journal alone (json: as run printed them live, but for wall_ms)");
        command.Arguments.Add(journalArg);
        command.Options.Add(runOption);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            using var journal = JournalOptions.Open(parse.GetValue(journalArg))!;
            var run = journal.Read(JournalRunId.Resolve(journal, parse.GetValue(runOption)));
            var clock = Stopwatch.StartNew();
            var result = RunReplay.Rebuild(run);
            var json = RunMetrics.ToJson(result, clock.Elapsed.TotalMilliseconds);
            if (!run.IsComplete)
            {
                json["complete"] = false;
                Console.Error.WriteLine(run.IncompleteTail is { } tail
                    ? $"actormigration: {run.RunId} is INCOMPLETE: its last write batch (from ordering {tail.FirstOrdering}) has {tail.RowsFound} of {tail.RowsWritten} rows; the metrics below cover its {result.Report.Batches} complete batch calls only"
                    : $"actormigration: {run.RunId} is INCOMPLETE: it never recorded its end; the metrics below cover its {result.Report.Batches} recorded batch calls only");
            }
            var scenario = RunDescriptor.Scenario(run.Started);
            Console.WriteLine(parse.GetValue(format) == "json" ? RunMetrics.Format(json) : RunTable.Format(scenario, json));
            return run.IsComplete ? ExitCodes.Ok : ExitCodes.Mismatch;
        });
        return command;
    }
}
