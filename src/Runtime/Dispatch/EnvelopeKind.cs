namespace ActorMigration.Runtime.Dispatch;

/// <summary>What the runtime does with an envelope when its time comes.</summary>
internal enum EnvelopeKind : byte
{
    /// <summary>A message for the actor's behaviour.</summary>
    User,
    /// <summary>A timer firing; the message is its <see cref="Timers.TimerEntry"/>.</summary>
    Timer,
    /// <summary>A watched actor stopped; dropped if the watcher has unwatched it since.</summary>
    Terminated,
    /// <summary>Stop the target actor.</summary>
    Stop,
    /// <summary>The target's busy period ended: deliver what waited in its mailbox.</summary>
    Resume,
}
