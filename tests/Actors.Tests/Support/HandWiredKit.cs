using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.TestKit;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>A simulation TestKit with the real zen3-ptdma machine built in its world, for tests that wire a <see cref="MigratingTask"/>
/// by hand and put probes in place of some of its neighbours, to see and steer the order of its messages.</summary>
public abstract class HandWiredKit : SimulationTestKit
{
    /// <summary>How long a probe standing in for a neighbour holds a request to show that the task waits for it.</summary>
    protected static readonly SimTime Hold = SimTime.FromMilliseconds(1);

    /// <summary>Every migration reason.</summary>
    protected static readonly IReadOnlySet<MigrateReason> AllReasons = Enum.GetValues<MigrateReason>().ToHashSet();

    /// <summary>A machine built from <paramref name="profile"/> (the calibrated one by default).</summary>
    protected HandWiredKit(PlatformProfile? profile = null, ulong seed = 42) : base(seed)
    {
        Events = EventCollector.Attach(Sys);
        Machine = Machine.Build(World, profile ?? Profiles.Zen3, 0, 1);
    }

    /// <summary>The real machine.</summary>
    protected Machine Machine { get; }

    /// <summary>Unhandled messages and dead letters so far (a failure ends the run: <c>Run</c> throws it).</summary>
    protected EventCollector Events { get; }

    /// <summary>The per-folio costs of folios of <paramref name="folioBytes"/> on the machine.</summary>
    protected FolioCosts Costs(long folioBytes) => FolioCosts.For(Machine.Profile.Kernel, (int)(folioBytes / ByteSize.Page.Bytes));

    /// <summary>A probe registered as the active migrator for <paramref name="reasons"/> (default: every reason), so a test plays the migrator.</summary>
    protected TestProbe RegisterProbeMigrator(IReadOnlySet<MigrateReason>? reasons = null)
    {
        var migrator = CreateTestProbe("migrator-probe");
        Machine.Registry.Tell(new RegisterMigrator(migrator.Ref, reasons ?? AllReasons), migrator.Ref);
        Run();
        migrator.ExpectMsg<MigratorRegistered>(r => r.Result == Errno.Success);
        return migrator;
    }

    /// <summary>Starts a migrating task on CPU 0 wired to the machine, with the neighbours that <paramref name="rewire"/> replaces,
    /// recording its folios in <paramref name="folios"/>.</summary>
    protected IActorRef StartTask(FolioRecorder folios, Func<MigratingTaskSetup, MigratingTaskSetup> rewire)
    {
        var setup = rewire(Machine.TaskSetup(0) with { Recorder = folios });
        return Spawn(Props.Create(() => new MigratingTask(setup)), "task0");
    }

    /// <summary>Runs the world event by event until <paramref name="probe"/> has a message (so that virtual time stands where
    /// it arrived and nothing has run past it), or until the world is quiescent.</summary>
    protected void RunUntilReceived(TestKitBase probe)
    {
        while (!probe.HasMessages && World.Run(maxEvents: 1) > 0)
        {
        }
    }

    /// <summary>Holds whatever <paramref name="probe"/> was asked for <see cref="Hold"/> of virtual time, and checks that nothing
    /// more reached it meanwhile.</summary>
    protected void ExpectNoMsgWhileHolding(TestKitBase probe)
    {
        RunUntil(World.Now + Hold);
        probe.ExpectNoMsg();
    }

    /// <summary>Holds the request <paramref name="probe"/> took last for <see cref="Hold"/>, checks that nothing more reached the
    /// probe meanwhile, and returns who asked, to answer (Akka's <c>ExpectNoMsg</c> forgets the last sender).</summary>
    protected IActorRef HoldRequest(TestProbe probe)
    {
        var requester = probe.LastSender;
        ExpectNoMsgWhileHolding(probe);
        return requester;
    }

    /// <summary>Holds whatever the test actor was asked for <see cref="Hold"/>, and checks that nothing more reached it meanwhile.</summary>
    protected void ExpectNoMsgWhileHolding() => ExpectNoMsgWhileHolding(this);

    /// <summary>The next message <paramref name="probe"/> receives, at the virtual time it arrives (its sender becomes the probe's
    /// <c>LastSender</c>); fails, naming any unhandled message or dead letter, if the world goes quiet without one.</summary>
    protected object Next(TestProbe probe)
    {
        RunUntilReceived(probe);
        if (probe.HasMessages) return probe.ReceiveOne(TimeSpan.Zero)!;
        Events.AssertNone();
        Assert.Fail($"{probe.Ref.Path} received nothing: the world went quiet at {World.Now}");
        return null!;
    }
}
