using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Runtime.Tracing;

/// <summary>The running 64-bit hash of every delivery of a run: key, receiver, message type and payload digest.</summary>
/// <remarks>Two runs with equal hashes delivered the same messages in the same order at the same times;
/// it is how determinism, replay and cluster parity are checked.</remarks>
public struct TraceHash
{
    private readonly Dictionary<Type, ulong> _typeHashes;
    private Type? _lastType;
    private ulong _lastTypeHash;

    /// <summary>An empty trace.</summary>
    public TraceHash()
    {
        _typeHashes = [];
        Value = 0x2545f4914f6cdd1d;
    }

    /// <summary>The hash of everything folded so far.</summary>
    public ulong Value { get; private set; }

    /// <summary>Folds one delivery.</summary>
    public void Fold(in DeliveryKey key, ulong receiverId, object message)
    {
        var type = message.GetType();
        if (!ReferenceEquals(type, _lastType))
        {
            if (!_typeHashes.TryGetValue(type, out _lastTypeHash))
                _typeHashes[type] = _lastTypeHash = StableHash.Of(type.FullName ?? type.Name);
            _lastType = type;
        }
        var h = Value;
        h = StableHash.Combine(h, (ulong)key.TimePs);
        h = StableHash.Combine(h, ((ulong)(uint)key.Priority << 32) ^ (ulong)key.SenderSeq);
        h = StableHash.Combine(h, key.SenderId);
        h = StableHash.Combine(h, receiverId ^ _lastTypeHash);
        if (message is ITraceDigest digest) h = StableHash.Combine(h, digest.PayloadDigest());
        Value = h;
    }
}
