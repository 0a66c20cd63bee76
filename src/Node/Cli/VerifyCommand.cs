using System.CommandLine;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration verify JOURNAL [--run ID]</c>: re-run the recorded scenario and compare; exit 0 on match, 1 on mismatch.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var selection = new JournalRunSelection();
        var command = new Command("verify", "Re-run a journaled scenario and compare its events and trace hash with the journal");
        selection.AddTo(command);
        command.SetAction(parse =>
        {
            var run = selection.Load(parse);
            var verdict = RunComparison.Verify(run);
            Console.WriteLine(verdict.Summary);
            if (verdict.FirstDifference is { } diff) Console.WriteLine(diff);
            return verdict.Match ? ExitCodes.Ok : ExitCodes.Mismatch;
        });
        return command;
    }
}
