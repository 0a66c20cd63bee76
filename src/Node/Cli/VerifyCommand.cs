using System.CommandLine;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration verify JOURNAL [--run ID]</c>: re-run the recorded scenario and compare; exit 0 on match, 1 on mismatch.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var journalArg = new Argument<string>("JOURNAL") { Description = "sqlite:PATH or postgres:CONNSTR" };
        var runOption = new Option<string?>("--run") { Description = "Run id (default: the last run)" };
        var command = new Command("verify", "Re-run a journaled scenario and compare its events and trace hash with the journal");
        command.Arguments.Add(journalArg);
        command.Options.Add(runOption);
        command.SetAction(parse =>
        {
            using var journal = JournalOptions.Open(parse.GetValue(journalArg))!;
            var run = journal.Read(JournalRunId.Resolve(journal, parse.GetValue(runOption)));
            var verdict = RunComparison.Verify(run);
            Console.WriteLine(verdict.Summary);
            if (verdict.FirstDifference is { } diff) Console.WriteLine(diff);
            return verdict.Match ? ExitCodes.Ok : ExitCodes.Mismatch;
        });
        return command;
    }
}
