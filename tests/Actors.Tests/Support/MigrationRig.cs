using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Pattern;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>One migration wired as <see cref="MigrationSimulation"/> wires it (same machine, <see cref="MigratorFactory"/> and task), with real
/// components only, plus taps on the links a protocol test watches: a <see cref="Tap"/> in front of the fabric for the task,
/// the kernel copy migrator and mtcopy's workers; a <see cref="Relay"/> between the task and the TLB shootdown, and between
/// the task and the migrator (the relay is what the registry hands out). DMA channels reach the fabric directly.</summary>
/// <remarks>Unlike <see cref="MigrationSimulation"/> the rig records every folio's span (<see cref="FolioRecorder"/>), so tests
/// can read each folio's unmap, copy and remap times, and it runs in a system the test owns (a TestKit's <c>Sys</c>).</remarks>
public sealed class MigrationRig : IDisposable
{
    private readonly bool _ownsSystem;

    private static readonly SimTime Timeout = SimTime.FromSeconds(3_600);

    /// <summary>Builds the machine and the actors of <paramref name="scenario"/> in <paramref name="system"/>; the migrator of the
    /// mode is registered unless <paramref name="registerMigrator"/> is false (the batch flow then finds none).</summary>
    public MigrationRig(ActorSystem system, MigrationScenario scenario, bool registerMigrator = true)
    {
        System = system;
        Scenario = scenario;
        Log = new ProtocolLog(system);
        Events = EventCollector.Attach(system, "rig-events");
        Folios = new FolioRecorder(scenario.Folios, scenario.FolioSize.Bytes);
        Machine = Machine.Build(system, scenario.Platform, scenario.SourceNode, scenario.TargetNode, Folios);
        Fabric = system.ActorOf(Props.Create(() => new Tap(Machine.Fabric, ProtocolLog.Fabric, Log)), "fabric-tap");
        var tlb = system.ActorOf(Props.Create(() => new Relay(Machine.Tlb, "tlb", Log)), "tlb-relay");
        if (scenario.Mode != CopyMode.Vanilla)
        {
            Migrator = MigratorFactory.Create(system, Machine, scenario, Fabric);
            if (registerMigrator) Register(system.ActorOf(Props.Create(() => new Relay(Migrator, "migrator", Log)), "migrator-relay"));
        }
        var setup = Machine.TaskSetup(scenario.TaskCpu) with { Fabric = Fabric, Tlb = tlb };
        Task = system.ActorOf(Props.Create(() => new MigratingTask(setup)), "task0");
    }

    /// <summary>A rig in a fresh system of its own, seeded with the scenario's seed (disposing the rig disposes it).</summary>
    public static MigrationRig Create(MigrationScenario scenario, bool registerMigrator = true) =>
        new(ActorSystem.Create("rig", scenario.Seed), scenario, registerMigrator, ownsSystem: true);

    private MigrationRig(ActorSystem system, MigrationScenario scenario, bool registerMigrator, bool ownsSystem)
        : this(system, scenario, registerMigrator) => _ownsSystem = ownsSystem;

    /// <summary>The system the rig lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>The scenario.</summary>
    public MigrationScenario Scenario { get; }

    /// <summary>What crossed the tapped links.</summary>
    public ProtocolLog Log { get; }

    /// <summary>Failures, unhandled messages and dead letters of the run.</summary>
    public List<object> Events { get; }

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

    /// <summary>Runs the call to its end and returns its report; fails if any actor failed or a message went unhandled.</summary>
    public MigrationReport Run()
    {
        var flow = Scenario.Mode == CopyMode.Vanilla ? CopyFlow.Vanilla : CopyFlow.BatchCopy;
        var done = Task.Ask<MovePagesDone>(new MovePages(Scenario.Folios, Scenario.FolioSize, Scenario.MigrateMode, Scenario.Reason, flow, Scenario.BatchPages, Scenario.Faults), Timeout);
        System.Run();
        EventCollector.AssertNone(Events);
        Assert.True(done.IsCompletedSuccessfully, $"The call did not finish: {done.Exception?.GetBaseException().Message}");
        return done.Result.Report;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsSystem) System.Dispose();
    }

    private void Register(IActorRef migrator)
    {
        var reasons = Scenario.MigratorReasons ?? Enum.GetValues<MigrateReason>().ToHashSet();
        var registered = Machine.Registry.Ask<MigratorRegistered>(new RegisterMigrator(migrator, reasons), Timeout);
        System.Run();
        Assert.Equal(Errno.Success, registered.Result.Result);
    }
}
