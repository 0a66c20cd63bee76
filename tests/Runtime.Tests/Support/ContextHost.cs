using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>Asks an actor to run <paramref name="Body"/> inside its own context (while it handles this message).</summary>
public sealed record InContext(Func<IActorContext, object> Body);

/// <summary>An actor that runs what it is sent inside its own context and replies with the result: lets a test
/// create children, watch, stop or read <c>Context</c> exactly as an actor would.</summary>
public sealed class ContextHost : ActorBase
{
    protected internal override bool Receive(object message)
    {
        if (message is not InContext run) return false;
        Sender.Tell(run.Body(Context));
        return true;
    }
}
