using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.SysMsg;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>What waits in a world's event heap: one kind of thing, executed by the driver when its key comes up.</summary>
/// <remarks>A struct with the fields every kind needs, so a send enqueues without allocating.</remarks>
internal readonly struct WorldEvent
{
    private WorldEvent(WorldEventKind kind, object target, Envelope envelope, object? extra)
    {
        Kind = kind;
        Target = target;
        Envelope = envelope;
        Extra = extra;
    }

    /// <summary>What the driver does with it.</summary>
    public WorldEventKind Kind { get; }

    /// <summary>The <see cref="ActorCell"/>, <see cref="SimulationMailbox"/> or scheduled work it concerns.</summary>
    public object Target { get; }

    /// <summary>The user message and its sender (deliveries only).</summary>
    public Envelope Envelope { get; }

    /// <summary>The system message of a system delivery, or the cancelable of a timer.</summary>
    public object? Extra { get; }

    /// <summary>A user message for <paramref name="cell"/>; dropped unseen once <paramref name="cancelable"/> is cancelled.</summary>
    public static WorldEvent Deliver(ActorCell cell, Envelope envelope, ICancelable? cancelable = null) => new(WorldEventKind.Deliver, cell, envelope, cancelable);

    /// <summary>An Akka system message (create, watch, terminate, supervise ...) for <paramref name="cell"/>.</summary>
    public static WorldEvent System(ActorCell cell, SystemMessage message) => new(WorldEventKind.System, cell, default, message);

    /// <summary>Akka asked for this mailbox to run (after a resume, an unstash, a system message).</summary>
    public static WorldEvent RunMailbox(SimulationMailbox mailbox) => new(WorldEventKind.RunMailbox, mailbox, default, null);

    /// <summary>The busy period of this mailbox's actor is over: deliver what waited.</summary>
    public static WorldEvent Resume(SimulationMailbox mailbox) => new(WorldEventKind.Resume, mailbox, default, null);

    /// <summary>Scheduled work (a timer, a scheduled tell or action) that is due.</summary>
    public static WorldEvent Scheduled(ScheduledWork work) => new(WorldEventKind.Scheduled, work, default, null);

    /// <summary>False once the event has been cancelled: it then neither moves time nor keeps the world busy.</summary>
    public bool IsLive => Extra is not ICancelable { IsCancellationRequested: true } && (Target is not ScheduledWork work || work.IsLive);
}

/// <summary>The kinds of <see cref="WorldEvent"/>.</summary>
internal enum WorldEventKind : byte
{
    /// <summary>A user message.</summary>
    Deliver,
    /// <summary>An Akka system message.</summary>
    System,
    /// <summary>A mailbox run Akka asked for.</summary>
    RunMailbox,
    /// <summary>The end of a busy period.</summary>
    Resume,
    /// <summary>Scheduled work.</summary>
    Scheduled,
}
