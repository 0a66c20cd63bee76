using Akka.Actor;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The parent of every top-level simulation actor, on the simulation dispatcher so that supervision stays in the
/// world. A failure that reaches it is a bug of the model: the child stops and the run ends with the cause.</summary>
internal sealed class SimulationRoot(SimulationWorld world) : UntypedActor
{
    /// <inheritdoc />
    protected override void OnReceive(object message) => Unhandled(message);

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new EndRunStrategy(world);

    /// <summary>Stops the failed child and hands its failure to the world, which throws it from the driver (no log: the cause travels).</summary>
    private sealed class EndRunStrategy(SimulationWorld world) : OneForOneStrategy(_ => Directive.Stop)
    {
        protected override Directive Handle(IActorRef child, Exception exception)
        {
            world.Fail(child, exception);
            return Directive.Stop;
        }

        protected override void LogFailure(IActorContext context, IActorRef child, Exception cause, Directive directive)
        {
        }
    }
}
