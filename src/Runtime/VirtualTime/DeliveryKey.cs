namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The total order of deliveries: <c>(deliveryTime, priority, senderId, senderSeq)</c>.</summary>
/// <remarks>Every field is fixed when the message is sent, so the order never depends on when a send
/// was issued, on hash iteration or on thread timing: the same scenario and seed give the same order.</remarks>
public readonly record struct DeliveryKey(long TimePs, int Priority, ulong SenderId, long SenderSeq) : IComparable<DeliveryKey>
{
    /// <inheritdoc />
    public int CompareTo(DeliveryKey other)
    {
        if (TimePs != other.TimePs) return TimePs < other.TimePs ? -1 : 1;
        if (Priority != other.Priority) return Priority < other.Priority ? -1 : 1;
        if (SenderId != other.SenderId) return SenderId < other.SenderId ? -1 : 1;
        return SenderSeq.CompareTo(other.SenderSeq);
    }
}
