using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.TestKit;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>A TestKit with the real zen3-ptdma machine built in <c>Sys</c>, for tests that wire a <see cref="MigratingTask"/>
/// by hand and put probes in place of some of its neighbours, to see and steer the order of its messages.</summary>
public abstract class HandWiredKit : TestKitBase
{
    /// <summary>How long a probe standing in for a neighbour holds a request to show that the task waits for it.</summary>
    protected static readonly SimTime Hold = SimTime.FromMilliseconds(1);

    /// <summary>Every migration reason.</summary>
    protected static readonly IReadOnlySet<MigrateReason> AllReasons = Enum.GetValues<MigrateReason>().ToHashSet();

    /// <summary>A machine built from <paramref name="profile"/> (the calibrated one by default).</summary>
    protected HandWiredKit(PlatformProfile? profile = null, ulong seed = 42) : base(seed)
    {
        Events = EventCollector.Attach(Sys);
        Machine = Machine.Build(Sys, profile ?? Profiles.Zen3, 0, 1);
    }

    /// <summary>The real machine.</summary>
    protected Machine Machine { get; }

    /// <summary>Failures, unhandled messages and dead letters so far.</summary>
    protected List<object> Events { get; }

    /// <summary>The per-folio costs of folios of <paramref name="folioBytes"/> on the machine.</summary>
    protected FolioCosts Costs(long folioBytes) => FolioCosts.For(Machine.Profile.Kernel, (int)(folioBytes / ByteSize.Page.Bytes));

    /// <summary>Starts a migrating task on CPU 0 wired to the machine, with the neighbours that <paramref name="rewire"/> replaces,
    /// recording its folios in <paramref name="folios"/>.</summary>
    protected IActorRef StartTask(FolioRecorder folios, Func<MigratingTaskSetup, MigratingTaskSetup> rewire)
    {
        var setup = rewire(Machine.TaskSetup(0) with { Recorder = folios });
        return Sys.ActorOf(Props.Create(() => new MigratingTask(setup)), "task0");
    }

    /// <summary>The next message <paramref name="probe"/> receives (its sender becomes the probe's <c>LastSender</c>); fails,
    /// naming any actor failure or unhandled message, if none comes within the default timeout.</summary>
    protected object Next(TestProbe probe)
    {
        var got = probe.ReceiveWhile<object>(m => m, DefaultTimeout, maxMessages: 1);
        if (got.Count == 1) return got[0];
        EventCollector.AssertNone(Events);
        Assert.Fail($"{probe.Path} received nothing within {DefaultTimeout}");
        return null!;
    }
}
