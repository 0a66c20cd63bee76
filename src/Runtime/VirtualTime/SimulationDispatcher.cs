using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.SysMsg;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The dispatcher of every simulation actor: no threads, no queue of its own. A send becomes an event in the world's
/// heap; when the driver reaches it, the actor's Akka mailbox runs for that one message on the driver thread.</summary>
public sealed class SimulationDispatcher : MessageDispatcher
{
    private readonly SimulationWorld _world;

    internal SimulationDispatcher(MessageDispatcherConfigurator configurator, SimulationWorld world) : base(configurator)
    {
        _world = world;
        Id = SimulationWorld.DispatcherId;
        // One message per mailbox run: whether the next may run depends on virtual time (a busy actor), which only the driver knows.
        Throughput = 1;
    }

    /// <inheritdoc />
    public override void Dispatch(ActorCell cell, Envelope envelope) => _world.Post(cell, envelope);

    /// <inheritdoc />
    public override void SystemDispatch(ActorCell cell, SystemMessage message) => _world.PostSystem(cell, message);

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run) => _world.Execute(run);

    /// <summary>Nothing to release: the world owns no thread.</summary>
    protected override void Shutdown()
    {
    }

    /// <summary>Akka's own system delivery (enqueue, then ask for a run), once the event is due.</summary>
    internal void DeliverSystem(ActorCell cell, SystemMessage message) => base.SystemDispatch(cell, message);

    /// <summary>Akka's own delivery, for a cell that no longer has a simulation mailbox (it stopped: dead letters).</summary>
    internal void DeliverToDeadLetters(ActorCell cell, Envelope envelope) => base.Dispatch(cell, envelope);
}
