using ActorMigration.Actors.Copy;
using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Platform;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Simulation;

/// <summary>The driver side of the batch-copy path: creates the migrator a scenario's copy mode registers (folios_mc_copy, mtcopy
/// with its worker threads, or dcbm over the scenario's DMA engines), for the program and the tests alike.</summary>
public static class MigratorFactory
{
    /// <summary>The migrator of <paramref name="scenario"/>'s mode on <paramref name="machine"/>; CPU copies by the calling thread
    /// and by workers cross <paramref name="fabric"/> (default: the machine's, a test may put a tap in front of it).</summary>
    public static IActorRef Create(SimulationWorld world, Machine machine, MigrationScenario scenario, IActorRef? fabric = null)
    {
        var through = fabric ?? machine.Fabric;
        return scenario.Mode switch
        {
            CopyMode.Batch => world.ActorOf(SimulationProps.Of(() => new KernelCopyMigrator(through, machine.CpuPaths)), "folios_mc_copy"),
            CopyMode.MtCopy => MtCopy(world, machine, scenario, through),
            CopyMode.Dcbm => Dcbm(world, machine, scenario),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario.Mode, "No migrator for this mode"),
        };
    }

    private static IActorRef MtCopy(SimulationWorld world, Machine machine, MigrationScenario scenario, IActorRef fabric)
    {
        var workers = machine.SpawnCopyWorkers(world, scenario.Workers, scenario.Placement, scenario.TaskCpu, fabric);
        return world.ActorOf(SimulationProps.Of(() => new MtCopyMigrator(workers, machine.Profile.MtCopy)), "mtcopy");
    }

    private static IActorRef Dcbm(SimulationWorld world, Machine machine, MigrationScenario scenario)
    {
        // MigrationScenario.Validate made sure there is one.
        var engines = machine.Engines.Where(e => scenario.Engine is null || e.Spec.Kind == scenario.Engine).ToArray();
        var spec = machine.Profile.Dcbm with { MaxChannels = Math.Min(machine.Profile.Dcbm.MaxChannels, scenario.Workers) };
        return world.ActorOf(SimulationProps.Of(() => new DcbmMigrator(engines, spec, machine.Recorder)), "dcbm");
    }
}
