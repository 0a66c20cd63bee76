using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Node.Cli;

/// <summary>
/// Pays a process's one-time start-up of Akka (JIT of its initialisation, its reference configuration, the compiled regular
/// expression of its HOCON parser) on the second core while the main thread parses the command line and reads the scenario:
/// a throwaway simulation world, created and disposed, whose actor system nobody uses. Commands that simulate in this process
/// only: a client of the cluster (<c>--cluster</c>) does not, and its warm-up (~0.15 s of CPU) was taken from the workers; a
/// one-core machine gains nothing from it.
/// </summary>
internal static class SimulationWarmUp
{
    private static readonly HashSet<string> Simulating = ["run", "sweep", "advise", "trace", "simulate"];

    /// <summary>Starts the warm-up when <paramref name="args"/> name a command that runs simulations.</summary>
    public static void StartFor(string[] args)
    {
        if (args.Length == 0 || !Simulating.Contains(args[0]) || args.Any(NamesCluster) || Environment.ProcessorCount < 2) return;
        new Thread(() => SimulationWorld.Create("warm-up", 1).Dispose()) { IsBackground = true, Name = "simulation warm-up" }.Start();
    }

    private static bool NamesCluster(string arg) => arg == "--cluster" || arg.StartsWith("--cluster=", StringComparison.Ordinal) || arg.StartsWith("--cluster:", StringComparison.Ordinal);
}
