using System.CommandLine;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration trace JOURNAL [--run ID] --out FILE.json</c>: a folio-detail run as a Perfetto timeline.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var selection = new JournalRunSelection();
        var output = new Option<string>("--out") { Description = "The trace file to write (Chrome trace-event JSON)", Required = true };
        var command = new Command("trace", "Export a folio-detail run as Chrome trace-event JSON for Perfetto");
        selection.AddTo(command);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var run = selection.Load(parse);
            if (run.Started.Detail != "folio")
                throw new UsageException($"{run.RunId} was journaled at {run.Started.Detail} detail; a timeline needs a run with --journal-detail folio");
            var path = parse.GetValue(output)!;
            using (var buffer = new MemoryStream())
            {
                TraceExporter.Write(run, buffer);
                Output.WriteAtomically(path, "--out", buffer.ToArray());
            }
            if (!run.IsComplete) Console.Error.WriteLine($"actormigration: {run.RunId} is INCOMPLETE: the trace ends where its journal does");
            Console.WriteLine($"{path}: {run.RunId}, open it in https://ui.perfetto.dev");
            return run.IsComplete ? ExitCodes.Ok : ExitCodes.Mismatch;
        });
        return command;
    }
}
