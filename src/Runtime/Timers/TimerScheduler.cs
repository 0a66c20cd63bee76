using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Dispatch;

namespace ActorMigration.Runtime.Timers;

/// <summary>The timers of one actor cell.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    // Only looked up by key, never iterated for scheduling, so its order cannot leak into a run.
    private readonly Dictionary<object, TimerEntry> _timers = [];

    public void StartSingleTimer(object key, object message, SimTime delay) => Start(key, message, SimTime.Zero, delay);

    public void StartPeriodicTimer(object key, object message, SimTime interval, SimTime? initialDelay = null)
    {
        if (interval <= SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(interval), interval, "A periodic timer needs a positive interval");
        Start(key, message, interval, initialDelay ?? interval);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry)) entry.Cancelled = true;
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values) entry.Cancelled = true;
        _timers.Clear();
    }

    /// <summary>Called when a firing leaves the event queue: false if cancelled. A periodic entry is re-armed
    /// here, at its due time, so that a busy actor does not make its period drift.</summary>
    public bool OnDue(TimerEntry entry)
    {
        if (entry.Cancelled) return false;
        if (entry.Interval != SimTime.Zero) cell.System.PostFrom(cell, cell, entry, null, entry.Interval.Picoseconds, EnvelopeKind.Timer);
        return true;
    }

    /// <summary>Called when the firing reaches the actor's behaviour: false if cancelled meanwhile; a single timer is done.</summary>
    public bool OnDeliver(TimerEntry entry)
    {
        if (entry.Cancelled) return false;
        if (entry.Interval == SimTime.Zero) _timers.Remove(entry.Key);
        return true;
    }

    private void Start(object key, object message, SimTime interval, SimTime delay)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (delay < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timer cannot fire in the past");
        Cancel(key);
        var entry = new TimerEntry(key, message, interval);
        _timers[key] = entry;
        cell.System.PostFrom(cell, cell, entry, null, delay.Picoseconds, EnvelopeKind.Timer);
    }
}
