using System.Text.Json;
using ActorMigration.Runtime.Tests.Support;

namespace ActorMigration.Runtime.Tests;

/// <summary>The test assembly run as a program (<c>dotnet ActorMigration.Runtime.Tests.dll cases.json</c>): runs each
/// <see cref="ProgramCase"/> of the file in a fresh world and prints one line per case, <c>hash delivered endPs</c>, so a
/// test can compare another process's runs with its own.</summary>
public static class Program
{
    /// <summary>How each outcome line is written (and parsed back).</summary>
    public static string Format(RunOutcome outcome) => $"{outcome.Hash:x16} {outcome.Delivered} {outcome.EndPs}";

    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: dotnet ActorMigration.Runtime.Tests.dll <cases.json>");
            return 2;
        }
        var cases = JsonSerializer.Deserialize<ProgramCase[]>(File.ReadAllText(args[0]))
            ?? throw new InvalidDataException($"{args[0]} holds no cases");
        foreach (var c in cases) Console.WriteLine(Format(c.Program.Run(c.Seed)));
        return 0;
    }
}
