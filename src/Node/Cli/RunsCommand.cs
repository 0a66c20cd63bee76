using ActorMigration.Contracts.Journal;
using System.CommandLine;
using System.Globalization;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration runs JOURNAL</c>: the runs in a journal.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var journalArg = new Argument<string>("JOURNAL") { Description = "An SQLite file (PATH or sqlite:PATH) or postgres:CONNSTR" };
        var command = new Command("runs", "List the runs in a journal: id, scenario, seed, when, detail, complete or not");
        command.Arguments.Add(journalArg);
        command.SetAction(parse =>
        {
            using var journal = JournalOptions.OpenExisting(parse.GetValue(journalArg)!);
            Console.WriteLine($"{"id",-11}  {"scenario",-20}  {"run",-34}  {"seed",6}  {"when (UTC)",-19}  {"detail",-6}  status");
            foreach (var id in journal.RunIds())
            {
                var run = journal.Read(id);
                if (run.Events.Count == 0 || run.Events[0] is not RunStarted s)
                {
                    Console.WriteLine($"{id,-11}  {"?",-20}  {"?",-34}  {"?",6}  {"?",-19}  {"?",-6}  DAMAGED ({run.Damage})");
                    continue;
                }
                var what = $"{s.Mode}{(s.Mode is "mtcopy" or "dcbm" ? $" x{s.Workers}" : "")} {s.Folios} x {new ByteSize(s.FolioBytes)} on {s.PlatformName}";
                var when = DateTimeOffset.FromUnixTimeMilliseconds(s.StartedUnixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var status = run.Damage is { } damage ? $"DAMAGED ({damage})" : run.IsComplete ? "complete" : "INCOMPLETE (no end recorded)";
                Console.WriteLine($"{id,-11}  {Truncate(s.Scenario, 20),-20}  {Truncate(what, 34),-34}  {s.Seed,6}  {when,-19}  {s.Detail,-6}  {status}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Truncate(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
