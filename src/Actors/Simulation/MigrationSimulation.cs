using ActorMigration.Actors.Copy;
using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Pattern;

namespace ActorMigration.Actors.Simulation;

/// <summary>Runs one <see cref="MigrationScenario"/>: builds the machine, registers the migrator of the mode, starts the
/// migrating task, and runs the actor system to quiescence.</summary>
public static class MigrationSimulation
{
    private static readonly SimTime NoTimeout = SimTime.FromSeconds(3_600);

    /// <summary>Runs <paramref name="scenario"/> in a fresh actor system seeded with its seed; <paramref name="recorder"/> (if any)
    /// watches it without changing it.</summary>
    public static MigrationRunResult Run(MigrationScenario scenario, IMigrationRecorder? recorder = null)
    {
        using var system = ActorSystem.Create("migration", scenario.Seed);
        var machine = Machine.Build(system, scenario.Platform, scenario.SourceNode, scenario.TargetNode, recorder);
        if (scenario.Mode != CopyMode.Vanilla) Register(system, machine, scenario);
        var task = system.ActorOf(Props.Create(() => new MigratingTask(machine.TaskSetup(scenario.TaskCpu))), "task0");
        var folios = new FolioList(scenario.Folios, scenario.FolioSize);
        var flow = scenario.Mode == CopyMode.Vanilla ? CopyFlow.Vanilla : CopyFlow.BatchCopy;
        var done = task.Ask<MovePagesDone>(new MovePages(folios, scenario.MigrateMode, scenario.Reason, flow, scenario.BatchPages, scenario.Faults), NoTimeout);
        system.Run();
        return new MigrationRunResult(done.Result.Report, system.TraceHash, system.DeliveredCount, system.Now.Picoseconds);
    }

    private static void Register(ActorSystem system, Machine machine, MigrationScenario scenario)
    {
        var workers = scenario.Mode == CopyMode.MtCopy ? machine.SpawnCopyWorkers(system, scenario.Workers, scenario.Placement, scenario.TaskCpu) : [];
        var migrator = scenario.Mode switch
        {
            CopyMode.Batch => system.ActorOf(Props.Create(() => new KernelCopyMigrator(machine.Fabric, machine.CpuPaths)), "folios_mc_copy"),
            CopyMode.MtCopy => system.ActorOf(Props.Create(() => new MtCopyMigrator(workers, machine.Profile.MtCopy)), "mtcopy"),
            CopyMode.Dcbm => system.ActorOf(Props.Create(() => new DcbmMigrator(Engines(machine, scenario), machine.Profile.Dcbm with
            {
                MaxChannels = Math.Min(machine.Profile.Dcbm.MaxChannels, scenario.Workers),
            }, machine.Recorder)), "dcbm"),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario.Mode, "No migrator for this mode"),
        };
        var reasons = scenario.MigratorReasons ?? Enum.GetValues<MigrateReason>().ToHashSet();
        var registered = machine.Registry.Ask<MigratorRegistered>(new RegisterMigrator(migrator, reasons), NoTimeout);
        system.Run();
        if (registered.Result.Result != Errno.Success) throw new InvalidOperationException($"Migrator registration failed: {registered.Result.Result}");
    }

    private static DmaEngine[] Engines(Machine machine, MigrationScenario scenario)
    {
        var engines = machine.Engines.Where(e => scenario.Engine is null || e.Spec.Kind == scenario.Engine).ToArray();
        if (engines.Length == 0)
            throw new ArgumentException($"Platform {machine.Profile.Name} has no {scenario.Engine?.ToString().ToLowerInvariant() ?? "DMA"} engine (engines: {string.Join(", ", machine.Engines.Select(e => $"{e.Spec.Name} ({e.Spec.Kind.ToString().ToLowerInvariant()})"))})");
        return engines;
    }
}
