using System.CommandLine;
using ActorMigration.Contracts.Config;
using ActorMigration.Node.Cli;
using ActorMigration.Runtime.Persistence;

namespace ActorMigration.Node;

/// <summary>The <c>actormigration</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point: parses the command line and runs the chosen subcommand.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("ActorMigration: an actor-based emulation of Linux page migration on tiered-memory machines");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"actormigration: {error.Message}");
            Console.Error.WriteLine("Try 'actormigration --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            // Without this, System.CommandLine catches every exception of an action, prints a stack trace and returns 1.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is UsageException or ConfigException or KeyNotFoundException
                                   or CorruptedDataException or SchemaVersionMismatchException or UnknownManifestException)
        {
            Console.Error.WriteLine($"actormigration: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (StoreUnavailableException e)
        {
            Console.Error.WriteLine($"actormigration: {e.Message}");
            return ExitCodes.EnvironmentFailure;
        }
    }
}
