using ActorMigration.Runtime.Timers;

namespace ActorMigration.Runtime.Actor;

/// <summary>The base of every actor: one message at a time, through the current behaviour (Akka's <c>ActorBase</c>).</summary>
/// <remarks>Instances are made only by the runtime, from <see cref="Props"/>: creating one with <c>new</c>
/// elsewhere throws, because an actor without a cell has no mailbox and no place in the hierarchy.</remarks>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    /// <summary>Binds the new instance to the cell the runtime is creating it for.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new ActorInitializationException($"{GetType().Name} must be created through Props and ActorOf, not with new");
    }

    /// <summary>This actor's view of itself and the runtime.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>The sender of the message being handled; dead letters when there is none.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>This actor's timers in virtual time.</summary>
    protected ITimerScheduler Timers => _cell.Timers;

    /// <summary>This actor's stash.</summary>
    protected IStash Stash => _cell.Stash;

    /// <summary>The initial behaviour.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>Called after the instance is created and before it gets its first message.</summary>
    protected internal virtual void PreStart() { }

    /// <summary>Called after the actor stopped; its children have already stopped.</summary>
    protected internal virtual void PostStop() { }

    /// <summary>Called on the failed instance before a restart; by default stops every child and calls <see cref="PostStop"/>.</summary>
    protected internal virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children) _cell.StopChildNow(child);
        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart; by default calls <see cref="PreStart"/>.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children (unless its Props override it).</summary>
    protected internal virtual Supervision.SupervisorStrategy SupervisorStrategy() => Supervision.SupervisorStrategy.DefaultStrategy;

    /// <summary>Called for a message no behaviour handled: an unhandled <see cref="Terminated"/> fails the actor with
    /// <see cref="DeathPactException"/>; anything else is published as an <see cref="Event.UnhandledMessage"/>.</summary>
    protected internal virtual void Unhandled(object message)
    {
        if (message is Terminated t) throw new DeathPactException(t.ActorRef);
        _cell.PublishUnhandled(message);
    }

    /// <summary>Replaces the current behaviour.</summary>
    protected void Become(Receive receive) => _cell.Become(receive);

    /// <summary>Pushes a behaviour on the behaviour stack.</summary>
    protected void BecomeStacked(Receive receive) => _cell.BecomeStacked(receive);

    /// <summary>Pops the behaviour stack.</summary>
    protected void UnbecomeStacked() => _cell.UnbecomeStacked();
}
