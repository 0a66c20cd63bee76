namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The priority field of a <see cref="DeliveryKey"/>: lower is delivered first at the same virtual time.</summary>
public static class DeliveryPriority
{
    /// <summary>Akka's system messages (create, watch, stop, supervision) and mailbox runs: ahead of any user message at the same time.</summary>
    public const int System = 0;

    /// <summary>Ordinary messages, timers and <c>Terminated</c>.</summary>
    public const int Normal = 1;
}
