using System.CommandLine;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary>The <c>--journal</c> and <c>--journal-detail</c> options of <c>run</c> and <c>sweep</c>.</summary>
internal sealed class JournalOptions
{
    public Option<string?> Journal { get; } = new("--journal") { Description = "Record runs in sqlite:PATH or postgres:CONNSTR" };

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
        if (location is null && detail != JournalDetail.Off) throw new UsageException("--journal-detail: needs --journal sqlite:PATH or postgres:CONNSTR");
        return (detail == JournalDetail.Off ? null : location, detail);
    }

    /// <summary>Opens (creating if need be) the journal at <paramref name="location"/>, turning a malformed location into a usage error.</summary>
    public static MigrationJournal? Open(string? location)
    {
        if (location is null) return null;
        try
        {
            return MigrationJournal.Open(location);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--journal: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
        }
    }

    /// <summary>Opens a journal that must already exist: the reading tools never create an empty one by mistake.</summary>
    public static MigrationJournal OpenExisting(string location)
    {
        const string sqlite = "sqlite:";
        if (location.StartsWith(sqlite, StringComparison.Ordinal) && !File.Exists(location[sqlite.Length..]))
            throw new UsageException($"{location[sqlite.Length..]}: no such journal");
        return Open(location)!;
    }
}
