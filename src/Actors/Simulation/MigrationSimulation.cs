using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Pattern;

namespace ActorMigration.Actors.Simulation;

/// <summary>Runs one <see cref="MigrationScenario"/>: builds the machine, registers the migrator of the mode, starts the
/// migrating task, and runs the actor system to quiescence.</summary>
public static class MigrationSimulation
{
    /// <summary>A bound on any one run's virtual time: far beyond a real migrate_pages() call, so reaching it means a lost reply.</summary>
    private static readonly SimTime RunBound = SimTime.FromSeconds(3_600);

    /// <summary>Runs <paramref name="scenario"/> in a fresh actor system seeded with its seed; <paramref name="recorder"/> (if any)
    /// watches it without changing it.</summary>
    public static MigrationRunResult Run(MigrationScenario scenario, IMigrationRecorder? recorder = null)
    {
        using var system = ActorSystem.Create("migration", scenario.Seed);
        var machine = Machine.Build(system, scenario.Platform, scenario.SourceNode, scenario.TargetNode, recorder);
        if (scenario.Mode != CopyMode.Vanilla) Register(system, machine, scenario);
        var task = system.ActorOf(Props.Create(() => new MigratingTask(machine.TaskSetup(scenario.TaskCpu))), "task0");
        var flow = scenario.Mode == CopyMode.Vanilla ? CopyFlow.Vanilla : CopyFlow.BatchCopy;
        var done = task.Ask<MovePagesDone>(new MovePages(scenario.Folios, scenario.FolioSize, scenario.MigrateMode, scenario.Reason, flow, scenario.BatchPages, scenario.Faults), RunBound);
        RunChecked(system);
        return new MigrationRunResult(done.Result.Report, system.TraceHash, system.DeliveredCount, system.Now.Picoseconds);
    }

    /// <summary>Runs to quiescence, but stops at the first actor failure and throws its cause: a broken invariant is a bug to
    /// report, not something for a supervisor to restart past.</summary>
    private static void RunChecked(ActorSystem system)
    {
        ActorFailed? failure = null;
        var watch = system.SystemActorOf(Props.Create(() => new FailureWatch(f => failure ??= f)), "failure-watch");
        system.EventStream.Subscribe(watch, typeof(ActorFailed));
        system.RunWhileNot(() => failure is not null, SimTime.MaxValue);
        if (failure is not null)
            throw new InvalidOperationException($"{failure.Actor.Path.ToStringWithoutAddress()} failed at {system.Now}: {failure.Cause.Message}", failure.Cause);
    }

    private sealed class FailureWatch(Action<ActorFailed> onFailure) : ActorBase
    {
        protected override bool Receive(object message)
        {
            onFailure((ActorFailed)message);
            return true;
        }
    }

    private static void Register(ActorSystem system, Machine machine, MigrationScenario scenario)
    {
        var migrator = MigratorFactory.Create(system, machine, scenario);
        var reasons = scenario.MigratorReasons ?? Enum.GetValues<MigrateReason>().ToHashSet();
        var registered = machine.Registry.Ask<MigratorRegistered>(new RegisterMigrator(migrator, reasons), RunBound);
        system.Run();
        if (registered.Result.Result != Errno.Success) throw new InvalidOperationException($"Migrator registration failed: {registered.Result.Result}");
    }
}
