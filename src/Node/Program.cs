using System.CommandLine;
using ActorMigration.Contracts.Config;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node;

/// <summary>The <c>actormigration</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point: parses the command line and runs the chosen subcommand.</summary>
    public static int Main(string[] args)
    {
        SimulationWarmUp.StartFor(args);
        var root = new RootCommand("ActorMigration: an actor-based emulation of Linux page migration on tiered-memory machines");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        root.Subcommands.Add(AdviseCommand.Create());
        root.Subcommands.Add(SystemCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"actormigration: {ParseErrors.Describe(error.Message)}");
            Console.Error.WriteLine("Try 'actormigration --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            // Without this, System.CommandLine catches every exception of an action, prints a stack trace and returns 1.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (ExitCodeOf(e) is { } code)
        {
            // A sweep's parallel runs wrap what failed in an AggregateException (and reflection in a TargetInvocationException):
            // report the cause, not the wrapper.
            Console.Error.WriteLine($"actormigration: {Cause(e).Message}");
            return code;
        }
    }

    /// <summary>The exit code of a failure the user can act on, or null for a bug (which keeps its stack trace).</summary>
    private static int? ExitCodeOf(Exception e) => Cause(e) switch
    {
        UsageException or ConfigException or NoSuchRunException or JournalFormatException or DamagedRunException => ExitCodes.BadInput,
        JournalUnavailableException or ClusterUnavailableException or IOException or UnauthorizedAccessException => ExitCodes.EnvironmentFailure,
        _ => null,
    };

    // Akka creates extensions and discovery methods by reflection: what their constructors throw arrives wrapped as well.
    private static Exception Cause(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: > 0 } a => Cause(a.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Cause(inner),
        _ => e,
    };
}
