namespace ActorMigration.Runtime.Actor;

/// <summary>Messages an actor set aside to handle later, typically after a <c>Become</c>.</summary>
public interface IStash
{
    /// <summary>Sets the current message (and its sender) aside.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the front of the mailbox, in the order they were stashed.</summary>
    void UnstashAll();

    /// <summary>Drops every stashed message and returns how many there were.</summary>
    int ClearStash();

    /// <summary>How many messages are stashed.</summary>
    int Count { get; }
}
