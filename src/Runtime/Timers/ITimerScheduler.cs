using ActorMigration.Contracts.Units;

namespace ActorMigration.Runtime.Timers;

/// <summary>An actor's own timers in virtual time (Akka's <c>IWithTimers.Timers</c>): keyed, cancellable, cancelled when the actor stops or restarts.</summary>
public interface ITimerScheduler
{
    /// <summary>Tells <paramref name="message"/> to the actor once, after <paramref name="delay"/>; replaces any timer with the same key.</summary>
    void StartSingleTimer(object key, object message, SimTime delay);

    /// <summary>Tells <paramref name="message"/> to the actor every <paramref name="interval"/>, first after <paramref name="initialDelay"/> (default: one interval).</summary>
    void StartPeriodicTimer(object key, object message, SimTime interval, SimTime? initialDelay = null);

    /// <summary>True while the timer with this key is pending.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with this key; a message it already queued is not delivered.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of the actor.</summary>
    void CancelAll();
}
