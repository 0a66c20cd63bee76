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
    /// <summary>The migrator of <paramref name="copy"/>'s mode on <paramref name="machine"/>; CPU copies by the calling thread
    /// and by workers cross <paramref name="fabric"/> (default: the machine's, a test may put a tap in front of it).</summary>
    public static IActorRef Create(SimulationWorld world, Machine machine, CopySetting copy, IActorRef? fabric = null)
    {
        var through = fabric ?? machine.Fabric;
        return copy.Mode switch
        {
            CopyMode.Batch => world.ActorOf(SimulationProps.Of(() => new KernelCopyMigrator(through, machine.CpuPaths)), machine.ActorPrefix + "folios_mc_copy"),
            CopyMode.MtCopy => MtCopy(world, machine, copy, through),
            CopyMode.Dcbm => Dcbm(world, machine, copy),
            _ => throw new ArgumentOutOfRangeException(nameof(copy), copy.Mode, "No migrator for this mode"),
        };
    }

    private static IActorRef MtCopy(SimulationWorld world, Machine machine, CopySetting copy, IActorRef fabric)
    {
        var workers = machine.SpawnCopyWorkers(world, copy.Workers, copy.Placement, copy.TaskCpu, fabric);
        return world.ActorOf(SimulationProps.Of(() => new MtCopyMigrator(workers, machine.Profile.MtCopy)), machine.ActorPrefix + "mtcopy");
    }

    private static IActorRef Dcbm(SimulationWorld world, Machine machine, CopySetting copy)
    {
        // The scenario's validation made sure there is one.
        var engines = machine.Engines.Where(e => copy.Engine is null || e.Spec.Kind == copy.Engine).ToArray();
        var spec = machine.Profile.Dcbm with { MaxChannels = Math.Min(machine.Profile.Dcbm.MaxChannels, copy.Workers) };
        return world.ActorOf(SimulationProps.Of(() => new DcbmMigrator(engines, spec, machine.Recorder)), machine.ActorPrefix + "dcbm");
    }
}
