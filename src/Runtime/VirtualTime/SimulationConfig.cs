using ActorMigration.Runtime.Logging;
using Akka.Configuration;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The HOCON that makes an Akka <c>ActorSystem</c> a simulation system: the virtual-time scheduler, the simulation
/// dispatcher and mailbox for everything under the simulation root, and the seed.</summary>
public static class SimulationConfig
{
    private const string SeedPath = "actormigration.simulation.seed";

    /// <summary>The configuration of a simulation system whose random streams derive from <paramref name="seed"/>.</summary>
    public static Config For(ulong seed) => ConfigurationFactory.ParseString($$"""
        akka {
          scheduler.implementation = "{{typeof(VirtualTimeScheduler).AssemblyQualifiedName}}"
          # Everything below the simulation root runs in the world, whatever its Props say.
          actor.deployment {
            "/{{SimulationWorld.RootName}}/**" {
              dispatcher = {{SimulationWorld.DispatcherId}}
            }
          }
          loglevel = WARNING
          stdout-loglevel = WARNING
          # Standard output carries the program's results: Akka's warnings go to standard error.
          stdout-logger-class = "{{StandardErrorLogger.TypeName}}"
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
        }
        {{SimulationWorld.DispatcherId}} {
          type = "{{typeof(SimulationDispatcherConfigurator).AssemblyQualifiedName}}"
          mailbox-type = "{{typeof(SimulationMailboxType).AssemblyQualifiedName}}"
          throughput = 1
        }
        {{SeedPath}} = "{{seed}}"
        """);

    /// <summary>What a world's own system (<see cref="SimulationWorld.Create"/>) leaves out of Akka's start-up and shutdown,
    /// which a simulation does not use and a short run would pay for: the logger actor (started on the thread pool and waited
    /// for; <see cref="StandardErrorLogger"/> prints the same warnings synchronously) and the coordinated shutdown on terminate
    /// (a simulation system has no remoting, cluster or other phase to run, and creating the extension costs ~10 ms). Kept out of
    /// <see cref="For"/>, so that a test kit on a simulation system keeps its own logger.</summary>
    internal static readonly Config Lean = ConfigurationFactory.ParseString($$"""
        akka {
          loggers = ["{{StandardErrorLogger.TypeName}}"]
          coordinated-shutdown.run-by-actor-system-terminate = off
        }
        """);

    /// <summary>The seed a simulation system was configured with.</summary>
    internal static ulong SeedOf(Config config)
    {
        var text = config.HasPath(SeedPath) ? config.GetString(SeedPath) : null;
        if (text is null || !ulong.TryParse(text, out var seed))
            throw new ConfigurationException($"{SeedPath}: expected an unsigned 64-bit seed, found '{text}' (build the configuration with {nameof(SimulationConfig)}.{nameof(For)})");
        return seed;
    }
}
