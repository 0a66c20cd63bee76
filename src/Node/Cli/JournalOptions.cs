using System.CommandLine;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary>The <c>--journal</c> and <c>--journal-detail</c> options of <c>run</c> and <c>sweep</c>.</summary>
internal sealed class JournalOptions
{
    public Option<string?> Journal { get; } = new("--journal") { Description = "Record runs in an SQLite file (PATH or sqlite:PATH) or postgres:CONNSTR" };

    public Option<string?> Detail { get; } = new("--journal-detail") { Description = "off|batch|folio (default: batch with --journal, else off)" };

    public JournalOptions() => Detail.AcceptOnlyFromAmong("off", "batch", "folio");

    public void AddTo(Command command)
    {
        command.Options.Add(Journal);
        command.Options.Add(Detail);
    }

    /// <summary>The journal to open (null for none) and the detail, checked together.</summary>
    public (string? Location, JournalDetail Detail) Read(ParseResult parse)
    {
        var location = parse.GetValue(Journal);
        var detail = parse.GetValue(Detail) switch
        {
            null => location is null ? JournalDetail.Off : JournalDetail.Batch,
            "off" => JournalDetail.Off,
            "batch" => JournalDetail.Batch,
            _ => JournalDetail.Folio,
        };
        if (location is null && detail != JournalDetail.Off) throw new UsageException("--journal-detail: needs --journal PATH or postgres:CONNSTR");
        return (detail == JournalDetail.Off ? null : location, detail);
    }

    /// <summary>Opens (creating if need be) the journal at <paramref name="location"/>, turning a malformed location into a usage error.</summary>
    public static MigrationJournal? Open(string? location) => location is null ? null : Parsed(location, "--journal", MigrationJournal.Open);

    /// <summary>Checks that <paramref name="location"/> can be journaled into, turning a malformed location into a usage error.</summary>
    public static void CheckWritable(string location) => Parsed(location, "--journal", MigrationJournal.CheckWritable);

    /// <summary>Opens a journal that must already exist, to read it: the reading tools never create or change one.</summary>
    public static MigrationJournal OpenExisting(string location) => Parsed(location, "JOURNAL", MigrationJournal.OpenExisting);

    private static T Parsed<T>(string location, string what, Func<string, T> open)
    {
        try
        {
            return open(location);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{what}: {e.Message}");
        }
    }
}
