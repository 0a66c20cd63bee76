using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Runtime.Tracing;

/// <summary>The running 64-bit hash of every delivery of a run: key, receiver, message type and payload digest.</summary>
/// <remarks>Two runs with equal hashes delivered the same messages in the same order at the same times;
/// it is how determinism, replay and cluster parity are checked.</remarks>
public struct TraceHash
{
    // The stable hashes of the message types seen, found by a scan: a run has a few dozen types, and a scan of the first
    // few (the hot ones arrive early) beats a dictionary, whose Type-keyed instantiation a fresh process also has to JIT.
    private Type[] _types;
    private ulong[] _typeHashes;
    private int _typeCount;
    private Type? _lastType;
    private ulong _lastTypeHash;

    /// <summary>An empty trace.</summary>
    public TraceHash()
    {
        _types = new Type[16];
        _typeHashes = new ulong[16];
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
            _lastTypeHash = TypeHash(type);
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

    private ulong TypeHash(Type type)
    {
        for (var i = 0; i < _typeCount; i++)
            if (ReferenceEquals(_types[i], type)) return _typeHashes[i];
        if (_typeCount == _types.Length)
        {
            Array.Resize(ref _types, _typeCount * 2);
            Array.Resize(ref _typeHashes, _typeCount * 2);
        }
        _types[_typeCount] = type;
        return _typeHashes[_typeCount++] = StableHash.Of(type.FullName ?? type.Name);
    }
}
