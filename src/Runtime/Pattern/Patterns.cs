using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Pattern;

/// <summary>Request-reply and task piping in virtual time (Akka's <c>Ask</c> and <c>PipeTo</c>).</summary>
public static class Patterns
{
    /// <summary>Sends <paramref name="message"/> with a temporary actor as sender; the task completes with the first reply,
    /// or fails with <see cref="AskTimeoutException"/> once <paramref name="timeout"/> of virtual time has passed.
    /// The task completes only while the system runs: drive it (<c>Run</c>, <c>RunUntil</c>) and then read the result.</summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, SimTime timeout)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An Ask needs a positive timeout");
        // Continuations run inline on the thread that runs the system, so completion stays in delivery order.
        var promise = new TaskCompletionSource<T>(TaskCreationOptions.None);
        var asker = ActorCell.CellOf(target).System.TempActorOf(Props.Create(() => new PromiseActor<T>(promise, timeout, target)));
        target.Tell(message, asker);
        return promise.Task;
    }

    /// <summary>Tells the task's result (or a <see cref="Failure"/>) to <paramref name="recipient"/> when it completes, inline.</summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null) =>
        task.ContinueWith(
            t => recipient.Tell(t.IsCompletedSuccessfully ? t.Result! : new Failure(t.Exception?.GetBaseException() ?? new TaskCanceledException()), sender),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
