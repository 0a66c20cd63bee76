using ActorMigration.Runtime.Supervision;

namespace ActorMigration.Runtime.Actor;

/// <summary>The recipe for an actor: how to make an instance (again, on restart) and how to supervise its children.</summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy)
    {
        ActorType = actorType;
        _factory = factory;
        SupervisorStrategy = supervisorStrategy;
    }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>() where TActor : ActorBase, new() => new(typeof(TActor), () => new TActor(), null);

    /// <summary>Props from a factory, called once per incarnation (creation and each restart).</summary>
    public static Props Create<TActor>(Func<TActor> factory) where TActor : ActorBase => new(typeof(TActor), factory, null);

    /// <summary>The type of actor these Props make.</summary>
    public Type ActorType { get; }

    /// <summary>Overrides the actor's own <c>SupervisorStrategy()</c> for its children; null keeps it.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>The same recipe with <paramref name="strategy"/> supervising the actor's children.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(ActorType, _factory, strategy);

    internal ActorBase NewActor() => _factory();

    /// <inheritdoc />
    public override string ToString() => $"Props<{ActorType.Name}>";
}
