using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Pattern;

/// <summary>The temporary actor behind one <c>Ask</c>: completes the task with the first reply or the timeout, then stops.</summary>
internal sealed class PromiseActor<T>(TaskCompletionSource<T> promise, SimTime timeout, IActorRef target) : ActorBase
{
    private sealed class Timeout
    {
        public static readonly Timeout Instance = new();
    }

    protected internal override void PreStart() => Timers.StartSingleTimer(Timeout.Instance, Timeout.Instance, timeout);

    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case Timeout:
                promise.TrySetException(new AskTimeoutException($"Ask of {target.Path} timed out after {timeout} of virtual time"));
                break;
            case T reply:
                promise.TrySetResult(reply);
                break;
            case Failure failure:
                promise.TrySetException(failure.Cause);
                break;
            default:
                promise.TrySetException(new InvalidCastException($"Ask of {target.Path} expected {typeof(T).Name} but got {message.GetType().Name}"));
                break;
        }
        Context.Stop(Self);
        return true;
    }
}
