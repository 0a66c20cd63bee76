namespace ActorMigration.Runtime.VirtualTime;

/// <summary>A send from one partition's world to an actor of another, as the sender's world captured it: the key it has in a
/// one-process run, the receiver and sender by name (top-level simulation actors), and the message.</summary>
/// <remarks>Plain fields, so it crosses processes as it is; the receiver's world delivers it under its original key.</remarks>
public sealed record CrossingSend(long TimePs, int Priority, ulong SenderId, long SenderSeq, string Receiver, string Sender, object Message)
{
    /// <summary>Its delivery key.</summary>
    public DeliveryKey Key => new(TimePs, Priority, SenderId, SenderSeq);
}
