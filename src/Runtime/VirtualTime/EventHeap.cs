namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The events of a world waiting for their keys to come up: a 4-ary min-heap ordered by <see cref="DeliveryKey"/>.</summary>
/// <remarks>Written out for this one element type instead of <c>PriorityQueue&lt;WorldEvent, DeliveryKey&gt;</c>: a framework
/// generic instantiated over the runtime's own structs cannot be compiled ReadyToRun, so every fresh process ran the heap as
/// unoptimised tier-0 code (each entry moved by a call to a copying helper) for its first few hundred thousand events,
/// until tiering recompiled it. This one is precompiled with the rest of the runtime. Keys are unique (each sender numbers
/// its sends), so events leave in the keys' order whatever the heap's shape: the order is the same as with any other heap.</remarks>
internal sealed class EventHeap
{
    private const int Arity = 4;
    private Entry[] _entries = new Entry[256];

    /// <summary>Events waiting.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="e"/>, due at <paramref name="key"/>.</summary>
    public void Enqueue(in WorldEvent e, in DeliveryKey key)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        var entries = _entries;
        var i = Count++;
        // Sift up: parents later than the new key move down into the hole.
        while (i > 0)
        {
            var parent = (i - 1) / Arity;
            if (key.CompareTo(entries[parent].Key) >= 0) break;
            entries[i] = entries[parent];
            i = parent;
        }
        entries[i] = new Entry(key, e);
    }

    /// <summary>The earliest event and its key, if any.</summary>
    public bool TryPeek(out WorldEvent e, out DeliveryKey key)
    {
        if (Count == 0)
        {
            e = default;
            key = default;
            return false;
        }
        ref readonly var root = ref _entries[0];
        e = root.Event;
        key = root.Key;
        return true;
    }

    /// <summary>Removes the earliest event, if any, and returns it with its key.</summary>
    public bool TryDequeue(out WorldEvent e, out DeliveryKey key)
    {
        if (!TryPeek(out e, out key)) return false;
        var entries = _entries;
        var last = --Count;
        if (last > 0)
        {
            // Sift down the last entry from the root: the earliest child moves up into the hole while it is earlier.
            ref readonly var moving = ref entries[last];
            var i = 0;
            while (true)
            {
                var first = i * Arity + 1;
                if (first >= last) break;
                var best = first;
                var end = Math.Min(first + Arity, last);
                for (var c = first + 1; c < end; c++)
                    if (entries[c].Key.CompareTo(entries[best].Key) < 0) best = c;
                if (entries[best].Key.CompareTo(moving.Key) >= 0) break;
                entries[i] = entries[best];
                i = best;
            }
            entries[i] = moving;
        }
        entries[last] = default; // drops the references it held
        return true;
    }

    /// <summary>Forgets every event.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, Count);
        Count = 0;
    }

    private readonly record struct Entry(DeliveryKey Key, WorldEvent Event);
}
