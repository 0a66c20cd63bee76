namespace ActorMigration.Runtime.Actor;

/// <summary>Where an actor system lives: <c>am://system@host:port</c>. Local systems use host <c>localhost</c>, port 0.</summary>
public sealed record Address(string System, string Host, int Port)
{
    /// <summary>The URI scheme of every ActorMigration address.</summary>
    public const string Protocol = "am";

    /// <summary>The address of a system that is not reachable from other processes.</summary>
    public static Address Local(string system) => new(system, "localhost", 0);

    /// <inheritdoc />
    public override string ToString() => $"{Protocol}://{System}@{Host}:{Port}";
}
