using Akka.Configuration;
using Akka.Dispatch;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>Hands Akka the one <see cref="SimulationDispatcher"/> of a simulation system (named in its HOCON as the dispatcher's <c>type</c>).</summary>
public sealed class SimulationDispatcherConfigurator : MessageDispatcherConfigurator
{
    private readonly SimulationDispatcher _dispatcher;

    /// <summary>Akka's constructor for dispatcher configurators.</summary>
    public SimulationDispatcherConfigurator(Config config, IDispatcherPrerequisites prerequisites) : base(config, prerequisites)
    {
        var world = (prerequisites.Scheduler as VirtualTimeScheduler)?.World
            ?? throw new InvalidOperationException($"The simulation dispatcher needs akka.scheduler.implementation = \"{typeof(VirtualTimeScheduler).AssemblyQualifiedName}\"");
        _dispatcher = new SimulationDispatcher(this, world);
        world.Dispatcher = _dispatcher;
    }

    /// <inheritdoc />
    public override MessageDispatcher Dispatcher() => _dispatcher;
}
