namespace ActorMigration.Runtime.Supervision;

/// <summary>What a supervisor does with a child that failed.</summary>
public enum Directive
{
    /// <summary>Keep the actor and its state; the failing message is dropped.</summary>
    Resume,
    /// <summary>Replace the actor instance with a fresh one from its Props; the mailbox is kept.</summary>
    Restart,
    /// <summary>Stop the actor.</summary>
    Stop,
    /// <summary>Fail the supervisor itself with the same cause, for its own supervisor to decide.</summary>
    Escalate,
}
