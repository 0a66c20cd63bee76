using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary>The <c>--run</c> option of the journal tools: a given id, or the journal's last run.</summary>
internal static class JournalRunId
{
    public static string Resolve(MigrationJournal journal, string? id)
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
        return ids.Count > 0 ? ids[^1] : throw new UsageException($"{journal.Location} holds no runs");
    }
}
