using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Randomness;
using Akka.Actor;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>What a simulation actor adds to its Akka <c>Context</c>: virtual time, busy periods, picosecond delays and its own
/// random stream.</summary>
public static class SimulationContext
{
    /// <summary>The world the actor lives in.</summary>
    public static SimulationWorld World(this IActorContext context) => SimulationWorld.Of(context.System);

    /// <summary>The current virtual time.</summary>
    public static SimTime Now(this IActorContext context) => World(context).Now;

    /// <summary>Keeps this actor busy for <paramref name="duration"/> of virtual time from now (after any work already booked):
    /// messages arriving meanwhile wait in its mailbox, so queueing emerges from the schedule.</summary>
    public static void Occupy(this IActorContext context, SimTime duration) => World(context).Occupy(context.Self, duration);

    /// <summary>Until when this actor is busy (now when idle).</summary>
    public static SimTime BusyUntil(this IActorContext context) => World(context).BusyUntil(context.Self);

    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> from this actor after <paramref name="delay"/>,
    /// at picosecond resolution (Akka's scheduler counts in 100 ns ticks).</summary>
    public static void ScheduleTellOnce(this IActorContext context, SimTime delay, IActorRef receiver, object message) =>
        World(context).ScheduleTellOnce(delay, receiver, message, context.Self);

    /// <summary>Like <see cref="ScheduleTellOnce"/>, but the send can be taken back until its time comes up, and this actor can
    /// tell whether it has: see <see cref="BookedSend"/>.</summary>
    public static BookedSend BookTellOnce(this IActorContext context, SimTime delay, IActorRef receiver, object message) =>
        World(context).BookTellOnce(delay, receiver, message, context.Self);

    /// <summary>This actor's random stream: the world's seed forked by the actor's path, so it does not depend on creation
    /// order elsewhere. Fork it by name for independent sub-streams.</summary>
    public static SimRandom Random(this IActorContext context) => World(context).Random.Fork(context.Self.Path.ToStringWithoutAddress());
}
