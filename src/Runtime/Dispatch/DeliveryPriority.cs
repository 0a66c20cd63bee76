namespace ActorMigration.Runtime.Dispatch;

/// <summary>The priority field of a <see cref="DeliveryKey"/>: lower is delivered first at the same virtual time.</summary>
public static class DeliveryPriority
{
    /// <summary>Runtime control (stop, mailbox resumption): ahead of any user message at the same time.</summary>
    public const int System = 0;

    /// <summary>Ordinary messages, timers and <see cref="Actor.Terminated"/>.</summary>
    public const int Normal = 1;
}
