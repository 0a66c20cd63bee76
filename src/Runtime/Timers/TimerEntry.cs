using ActorMigration.Contracts.Units;

namespace ActorMigration.Runtime.Timers;

/// <summary>One pending timer; the same object rides the event queue on every firing, so a periodic timer allocates nothing per tick.</summary>
internal sealed class TimerEntry(object key, object message, SimTime interval)
{
    public object Key { get; } = key;
    public object Message { get; } = message;

    /// <summary>Zero for a single timer.</summary>
    public SimTime Interval { get; } = interval;

    /// <summary>Set on cancel or replacement: a queued firing of a cancelled entry is dropped.</summary>
    public bool Cancelled { get; set; }
}
