namespace ActorMigration.Runtime.Actor;

/// <summary>The actor at <c>/</c>, <c>/user</c>, <c>/system</c> and <c>/temp</c>: supervises, handles nothing.</summary>
internal sealed class Guardian : ActorBase
{
    protected internal override bool Receive(object message) => false;
}

/// <summary>The actor at <c>/deadLetters</c>: what is sent to it is published as a <see cref="Event.DeadLetter"/>.</summary>
internal sealed class DeadLetterActor : ActorBase
{
    protected internal override bool Receive(object message)
    {
        Context.System.PublishDeadLetter(message, ActorSystem.CurrentSender, Self);
        return true;
    }
}
