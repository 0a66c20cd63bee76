using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Simulation;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>One migration wired as <see cref="MigrationSimulation"/> wires it (same machine, <see cref="MigratorFactory"/> and task), with real
/// components only, plus taps on the links a protocol test watches: a <see cref="Tap"/> in front of the fabric for the task,
/// the kernel copy migrator and mtcopy's workers; a <see cref="Relay"/> between the task and the TLB shootdown, and between
/// the task and the migrator (the relay is what the registry hands out). DMA channels reach the fabric directly.</summary>
/// <remarks>Unlike <see cref="MigrationSimulation"/> the rig records every folio's span (<see cref="FolioRecorder"/>), so tests
/// can read each folio's unmap, copy and remap times. It runs in a world of its own, seeded with the scenario's seed.</remarks>
public sealed class MigrationRig : IDisposable
{
    private MigrationRig(MigrationScenario scenario, bool registerMigrator)
    {
        World = SimulationWorld.Create("rig", scenario.Seed);
        Scenario = scenario;
        Log = new ProtocolLog(World);
        Events = EventCollector.Attach(World.System, "rig-events");
        Folios = new FolioRecorder(scenario.Folios, scenario.FolioSize.Bytes);
        Machine = Machine.Build(World, scenario.Platform, scenario.SourceNode, scenario.TargetNode, Folios);
        Fabric = World.ActorOf(Props.Create(() => new Tap(Machine.Fabric, ProtocolLog.Fabric, Log)), "fabric-tap");
        var tlb = World.ActorOf(Props.Create(() => new Relay(Machine.Tlb, "tlb", Log)), "tlb-relay");
        if (scenario.Mode != CopyMode.Vanilla)
        {
            Migrator = MigratorFactory.Create(World, Machine, scenario.Copy, Fabric);
            if (registerMigrator) Register(World.ActorOf(Props.Create(() => new Relay(Migrator, "migrator", Log)), "migrator-relay"));
        }
        var setup = Machine.TaskSetup(scenario.TaskCpu) with { Fabric = Fabric, Tlb = tlb };
        Task = World.ActorOf(Props.Create(() => new MigratingTask(setup)), "task0");
    }

    /// <summary>Builds the machine and the actors of <paramref name="scenario"/> in a fresh world (disposing the rig disposes it);
    /// the migrator of the mode is registered unless <paramref name="registerMigrator"/> is false (the batch flow then finds none).</summary>
    public static MigrationRig Create(MigrationScenario scenario, bool registerMigrator = true) => new(scenario, registerMigrator);

    /// <summary>The world the rig lives in.</summary>
    public SimulationWorld World { get; }

    /// <summary>The scenario.</summary>
    public MigrationScenario Scenario { get; }

    /// <summary>What crossed the tapped links.</summary>
    public ProtocolLog Log { get; }

    /// <summary>Unhandled messages and dead letters of the run.</summary>
    public EventCollector Events { get; }

    /// <summary>The machine's actors.</summary>
    public Machine Machine { get; }

    /// <summary>The tap in front of the fabric.</summary>
    public IActorRef Fabric { get; }

    /// <summary>The migrator of the mode (null in vanilla mode).</summary>
    public IActorRef? Migrator { get; }

    /// <summary>The migrating task.</summary>
    public IActorRef Task { get; }

    /// <summary>The folios of the call, as the task recorded them.</summary>
    public FolioRecorder Folios { get; }

    /// <summary>The folios the task copied itself, on the CPU in the move phase (the tokens of its transfers), in order.</summary>
    public IReadOnlyList<int> CopiedByTask => Log.On(ProtocolLog.Fabric)
        .Where(e => e.From == Task.Path.ToStringWithoutAddress())
        .Select(e => (int)((StartTransfer)e.Message).Token).ToArray();

    /// <summary>Runs the call to its end and returns its report; fails if an actor failed (the run throws) or a message went
    /// unhandled or to dead letters.</summary>
    public MigrationReport Run()
    {
        var flow = Scenario.Mode == CopyMode.Vanilla ? CopyFlow.Vanilla : CopyFlow.BatchCopy;
        var done = Ask<MovePagesDone>(Task, new MovePages(Scenario.Folios, Scenario.FolioSize, Scenario.MigrateMode, Scenario.Reason, flow, Scenario.BatchPages, Scenario.Faults));
        Events.AssertNone();
        return done.Report;
    }

    /// <summary>Asks <paramref name="target"/>, runs the world to quiescence and returns the answer, which must have come by then.</summary>
    public T Ask<T>(IActorRef target, object message)
    {
        var answer = target.Ask<T>(message);
        World.Run();
        Assert.True(answer.IsCompletedSuccessfully, $"{target.Path} did not answer {message.GetType().Name}: the world went quiet at {World.Now}");
        return answer.Result;
    }

    /// <inheritdoc />
    public void Dispose() => World.Dispose();

    private void Register(IActorRef migrator)
    {
        var reasons = Scenario.MigratorReasons ?? Enum.GetValues<MigrateReason>().ToHashSet();
        Assert.Equal(Errno.Success, Ask<MigratorRegistered>(Machine.Registry, new RegisterMigrator(migrator, reasons)).Result);
    }
}
