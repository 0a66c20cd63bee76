namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The total order of deliveries: <c>(deliveryTime, priority, senderId, senderSeq)</c>.</summary>
/// <remarks>Every field is fixed when the message is sent, so the order never depends on when a send
/// was issued, on hash iteration or on thread timing: the same scenario and seed give the same order.
/// Time and priority share one word (time shifted left by one, priority in the low bit): the heap moves and compares
/// 24 bytes a key instead of 32, and time still decides before priority.</remarks>
public readonly record struct DeliveryKey : IComparable<DeliveryKey>
{
    /// <summary>The latest time a key can hold: 2^62 ps, about 53 days of virtual time.</summary>
    public const long MaxTimePs = (1L << 62) - 1;

    private readonly long _timeAndPriority;

    /// <summary>A key; <paramref name="priority"/> is one of <see cref="DeliveryPriority"/>'s.</summary>
    public DeliveryKey(long timePs, int priority, ulong senderId, long senderSeq)
    {
        if ((ulong)timePs > MaxTimePs) throw new ArgumentOutOfRangeException(nameof(timePs), timePs, $"Virtual time must lie within 0..{MaxTimePs} ps");
        if ((uint)priority > 1) throw new ArgumentOutOfRangeException(nameof(priority), priority, "A priority is DeliveryPriority.System or .Normal");
        _timeAndPriority = (timePs << 1) | (long)priority;
        SenderId = senderId;
        SenderSeq = senderSeq;
    }

    /// <summary>When the message is delivered, in picoseconds.</summary>
    public long TimePs => _timeAndPriority >> 1;

    /// <summary>Ahead of others at the same time when lower (<see cref="DeliveryPriority"/>).</summary>
    public int Priority => (int)(_timeAndPriority & 1);

    /// <summary>Who sent it: the sending actor's id in creation order, 0 for code outside the world; for an Akka system
    /// message, its receiver's (see <c>SimulationWorld.PostSystem</c>).</summary>
    public ulong SenderId { get; }

    /// <summary>That actor's count of keys before this one.</summary>
    public long SenderSeq { get; }

    /// <summary>The same key at another time: a message that waited in a busy actor's mailbox is delivered later.</summary>
    public DeliveryKey At(long timePs) => new(timePs, Priority, SenderId, SenderSeq);

    /// <inheritdoc />
    public int CompareTo(DeliveryKey other)
    {
        if (_timeAndPriority != other._timeAndPriority) return _timeAndPriority < other._timeAndPriority ? -1 : 1;
        if (SenderId != other.SenderId) return SenderId < other.SenderId ? -1 : 1;
        return SenderSeq.CompareTo(other.SenderSeq);
    }
}
