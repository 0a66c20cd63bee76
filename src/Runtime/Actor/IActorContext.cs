using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Randomness;

namespace ActorMigration.Runtime.Actor;

/// <summary>An actor's view of itself and the runtime while it handles a message.</summary>
public interface IActorContext
{
    /// <summary>This actor.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled; dead letters when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor of this actor.</summary>
    IActorRef Parent { get; }

    /// <summary>The system this actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>The Props this actor was made from.</summary>
    Props Props { get; }

    /// <summary>The current virtual time.</summary>
    SimTime Now { get; }

    /// <summary>This actor's random sub-stream, forked from the system seed by the actor's path.</summary>
    SimRandom Random { get; }

    /// <summary>The live children, in creation order.</summary>
    IReadOnlyList<IActorRef> Children { get; }

    /// <summary>The live child named <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>Creates a child actor; a null name gets a generated one (<c>$1</c>, <c>$2</c>, ...).</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops <paramref name="actor"/> (this actor or a child) once the current message is handled.</summary>
    void Stop(IActorRef actor);

    /// <summary>Receives <see cref="Terminated"/> when <paramref name="subject"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; a <see cref="Terminated"/> not yet handled is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour, to be popped by <see cref="UnbecomeStacked"/>.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Returns to the previous behaviour.</summary>
    void UnbecomeStacked();

    /// <summary>Keeps this actor busy for <paramref name="duration"/> of virtual time from now (after any work
    /// already booked): messages arriving meanwhile wait in its mailbox, so queueing emerges from the schedule.</summary>
    void Occupy(SimTime duration);

    /// <summary>The virtual time until which this actor is busy (at most <see cref="Now"/> when idle).</summary>
    SimTime BusyUntil { get; }
}

/// <summary>A behaviour: handles a message and says whether it did.</summary>
public delegate bool Receive(object message);
