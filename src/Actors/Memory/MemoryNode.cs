using Akka.Actor;

namespace ActorMigration.Actors.Memory;

/// <summary>Allocate up to <paramref name="Count"/> destination folios of <paramref name="FolioBytes"/> each on this node.</summary>
public sealed record AllocFolios(int Count, long FolioBytes);

/// <summary>How many of the requested folios were allocated (the rest would be -ENOMEM).</summary>
public sealed record FoliosAllocated(int Count);

/// <summary>Return <paramref name="Count"/> folios of <paramref name="FolioBytes"/> to the node (a failed migration frees its
/// destination, a finished one its source).</summary>
public sealed record FreeFolios(int Count, long FolioBytes);

/// <summary>Tell the sender the node's free memory now and after every change (what the kernel's watermark checks read).</summary>
public sealed record WatchFree;

/// <summary>Node <paramref name="Node"/> has <paramref name="FreeBytes"/> free.</summary>
public sealed record NodeFree(int Node, long FreeBytes);

/// <summary>start_isolate_page_range() over all of the node's memory (MIGRATE_ISOLATE), as offline_pages() does first: from now
/// on nothing is allocated on it.</summary>
public sealed record IsolateNode;

/// <summary>undo_isolate_page_range(): an offline that failed gives the node back to the allocator.</summary>
public sealed record UndoIsolateNode;

/// <summary>A NUMA node's memory: capacity, and what is allocated on it.</summary>
/// <remarks>Protocol: <see cref="AllocFolios"/> → <see cref="FoliosAllocated"/>; <see cref="FreeFolios"/> (no answer);
/// <see cref="WatchFree"/> → <see cref="NodeFree"/> now and on every change; <see cref="IsolateNode"/>, <see cref="UndoIsolateNode"/>
/// (no answer): while isolated every allocation is refused. The migrating thread allocates a batch's
/// destination folios in one request, so the node costs two messages per batch, not per folio. A plain
/// <see cref="ActorBase"/>, as every actor of a machine: a <c>ReceiveActor</c> compiles its handlers into an expression tree
/// when its first instance starts, which costs a short run ~10 ms per actor type.</remarks>
/// <param name="id">The node id.</param>
/// <param name="capacityBytes">Its size.</param>
/// <param name="usedBytes">What is in use on it from the start.</param>
public sealed class MemoryNode(int id, long capacityBytes, long usedBytes = 0) : ActorBase
{
    private readonly List<IActorRef> _watchers = [];
    private long _freeBytes = capacityBytes - usedBytes;
    private bool _isolated;

    /// <summary>The node id (as in /sys/devices/system/node/nodeN).</summary>
    public int Id { get; } = id;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case AllocFolios alloc:
                var granted = _isolated ? 0 : (int)Math.Min(alloc.Count, _freeBytes / alloc.FolioBytes);
                _freeBytes -= granted * alloc.FolioBytes;
                Sender.Tell(new FoliosAllocated(granted), Self);
                if (granted > 0) Publish();
                return true;
            case FreeFolios free:
                _freeBytes += free.Count * free.FolioBytes;
                if (free.Count > 0) Publish();
                return true;
            case IsolateNode:
                _isolated = true;
                return true;
            case UndoIsolateNode:
                _isolated = false;
                return true;
            case WatchFree:
                _watchers.Add(Sender);
                Sender.Tell(new NodeFree(Id, _freeBytes), Self);
                return true;
            default:
                return false;
        }
    }

    private void Publish()
    {
        foreach (var w in _watchers) w.Tell(new NodeFree(Id, _freeBytes), Self);
    }
}
