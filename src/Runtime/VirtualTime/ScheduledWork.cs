using Akka.Actor;
using Akka.Dispatch;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>Work handed to Akka's scheduler (a tell, an action or a runnable, once or periodically), due in virtual time.</summary>
internal sealed class ScheduledWork
{
    private readonly ICanTell? _receiver;
    private readonly object? _message;
    private readonly IActorRef? _sender;
    private readonly Action? _action;
    private readonly IRunnable? _runnable;
    private readonly ICancelable? _cancelable;

    private ScheduledWork(ICanTell? receiver, object? message, IActorRef? sender, Action? action, IRunnable? runnable,
        long intervalPs, ICancelable? cancelable, SimulationMailbox? owner)
    {
        _receiver = receiver;
        _message = message;
        _sender = sender;
        _action = action;
        _runnable = runnable;
        IntervalPs = intervalPs;
        _cancelable = cancelable;
        Owner = owner;
    }

    /// <summary>A tell of <paramref name="message"/> to <paramref name="receiver"/>.</summary>
    public static ScheduledWork Tell(ICanTell receiver, object message, IActorRef? sender, long intervalPs, ICancelable? cancelable, SimulationMailbox? owner) =>
        new(receiver, message, sender, null, null, intervalPs, cancelable, owner);

    /// <summary>A call of <paramref name="action"/>.</summary>
    public static ScheduledWork Call(Action action, long intervalPs, ICancelable? cancelable, SimulationMailbox? owner) =>
        new(null, null, null, action, null, intervalPs, cancelable, owner);

    /// <summary>A run of <paramref name="runnable"/>.</summary>
    public static ScheduledWork Run(IRunnable runnable, long intervalPs, ICancelable? cancelable, SimulationMailbox? owner) =>
        new(null, null, null, null, runnable, intervalPs, cancelable, owner);

    /// <summary>The period of a repeated schedule; 0 for a single one.</summary>
    public long IntervalPs { get; }

    /// <summary>The simulation actor that scheduled it (its sends are keyed as that actor's), or null for code outside the world.</summary>
    public SimulationMailbox? Owner { get; }

    /// <summary>False once cancelled.</summary>
    public bool IsLive => _cancelable is not { IsCancellationRequested: true };

    /// <summary>Does the work.</summary>
    public void Execute()
    {
        if (_cancelable is BookedSend booked) booked.CameUp();
        if (_receiver is not null) _receiver.Tell(_message!, _sender ?? ActorRefs.NoSender);
        else if (_action is not null) _action();
        else _runnable!.Run();
    }
}
