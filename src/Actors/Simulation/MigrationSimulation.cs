using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Simulation;

/// <summary>Runs one <see cref="MigrationScenario"/>: builds the machine, registers the migrator of the mode, starts the
/// migrating task, and runs its world to quiescence.</summary>
public static class MigrationSimulation
{
    /// <summary>Runs <paramref name="scenario"/> in a fresh simulation system seeded with its seed; <paramref name="recorder"/> (if any)
    /// watches it without changing it. A failed actor ends the run with a <see cref="SimulationFailedException"/>: a broken
    /// invariant is a bug to report, not something for a supervisor to restart past.</summary>
    public static MigrationRunResult Run(MigrationScenario scenario, IMigrationRecorder? recorder = null)
    {
        if (scenario.Validate() is { } problem) throw new ArgumentException($"{problem.Key}: {problem.Message}", nameof(scenario));
        using var world = SimulationWorld.Create("migration", scenario.Seed);
        var machine = Machine.Build(world, scenario.Platform, scenario.SourceNode, scenario.TargetNode, recorder);
        if (scenario.Mode != CopyMode.Vanilla) Register(world, machine, scenario);
        var task = world.ActorOf(SimulationProps.Of(() => new MigratingTask(machine.TaskSetup(scenario.TaskCpu))), "task0");
        var flow = scenario.Mode == CopyMode.Vanilla ? CopyFlow.Vanilla : CopyFlow.BatchCopy;
        var done = task.Ask<MovePagesDone>(new MovePages(scenario.Folios, scenario.FolioSize, scenario.MigrateMode, scenario.Reason, flow, scenario.BatchPages, scenario.Faults));
        world.Run();
        return new MigrationRunResult(Answer(done, "migrate_pages()").Report, world.TraceHash, world.DeliveredCount, world.Now.Picoseconds);
    }

    private static void Register(SimulationWorld world, Machine machine, MigrationScenario scenario)
    {
        var migrator = MigratorFactory.Create(world, machine, scenario.Copy);
        var reasons = scenario.MigratorReasons ?? Enum.GetValues<MigrateReason>().ToHashSet();
        var registered = machine.Registry.Ask<MigratorRegistered>(new RegisterMigrator(migrator, reasons));
        world.Run();
        if (Answer(registered, "the migrator registration").Result != Errno.Success)
            throw new InvalidOperationException($"Migrator registration failed: {registered.Result.Result}");
    }

    /// <summary>The answer of an Ask once the world is quiescent: there is nothing left that could still send it.</summary>
    private static T Answer<T>(Task<T> asked, string what) =>
        asked.IsCompletedSuccessfully ? asked.Result : throw new InvalidOperationException($"The world went quiet without an answer to {what}: a reply was lost");
}
