using System.CommandLine;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary>The <c>JOURNAL [--run ID]</c> arguments of the journal tools (replay, verify, trace): which run of which journal.</summary>
internal sealed class JournalRunSelection
{
    private readonly Argument<string> _journal = new("JOURNAL") { Description = "An SQLite file (PATH or sqlite:PATH) or postgres:CONNSTR" };
    private readonly Option<string?> _run = new("--run") { Description = "Run id: a number or run-NNNNNN (default: the last run)" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(_journal);
        command.Options.Add(_run);
    }

    /// <summary>Reads the selected run whole; the journal is closed again before the caller works on it. A damaged run is refused.</summary>
    public JournaledRun Load(ParseResult parse)
    {
        using var journal = JournalOptions.OpenExisting(parse.GetValue(_journal)!);
        var run = journal.Read(Resolve(journal, parse.GetValue(_run)));
        return run.Damage is { } damage
            ? throw new DamagedRunException($"{journal.Location.Display}: {run.RunId} is DAMAGED at {damage}; it is not replayed")
            : run;
    }

    private static string Resolve(MigrationJournal journal, string? id)
    {
        if (id is not null)
        {
            try
            {
                return MigrationJournal.NormaliseRunId(id);
            }
            catch (ArgumentException e)
            {
                throw new UsageException($"--run: {e.Message}");
            }
        }
        var ids = journal.RunIds();
        return ids.Count > 0 ? ids[^1] : throw new UsageException($"{journal.Location.Display} holds no runs");
    }
}
