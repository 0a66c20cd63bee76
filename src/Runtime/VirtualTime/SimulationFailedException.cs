using ActorMigration.Contracts.Units;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>A simulation actor failed and no supervisor below the simulation root handled it: the run ends.</summary>
public sealed class SimulationFailedException(string actorPath, SimTime at, Exception cause)
    : InvalidOperationException($"{actorPath} failed at {at}: {cause.Message}", cause)
{
    /// <summary>The path of the actor that failed.</summary>
    public string ActorPath { get; } = actorPath;

    /// <summary>The virtual time of the failure.</summary>
    public SimTime At { get; } = at;
}
