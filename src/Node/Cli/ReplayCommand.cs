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
        var selection = new JournalRunSelection();
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("replay", "Rebuild a run's metrics from its journal alone (json: as run printed them live, but for wall_ms)");
        selection.AddTo(command);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var run = selection.Load(parse);
            var clock = Stopwatch.StartNew();
            var result = RunReplay.Rebuild(run);
            var json = RunMetrics.ToJson(result, clock.Elapsed.TotalMilliseconds);
            if (!run.IsComplete)
            {
                json["complete"] = false;
                Console.Error.WriteLine($"actormigration: {run.RunId} is INCOMPLETE: it never recorded its end; the metrics below cover its {result.Report.Batches} recorded batch calls only");
            }
            var scenario = RunDescriptor.Scenario(run.Started);
            Console.WriteLine(parse.GetValue(format) == "json" ? RunMetrics.Format(json) : RunTable.Format(scenario, json));
            return run.IsComplete ? ExitCodes.Ok : ExitCodes.Mismatch;
        });
        return command;
    }
}
