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

/// <summary>A NUMA node's memory: capacity, and what is allocated on it.</summary>
/// <remarks>Protocol: <see cref="AllocFolios"/> → <see cref="FoliosAllocated"/>; <see cref="FreeFolios"/> (no answer);
/// <see cref="WatchFree"/> → <see cref="NodeFree"/> now and on every change. The migrating thread allocates a batch's
/// destination folios in one request, so the node costs two messages per batch, not per folio.</remarks>
public sealed class MemoryNode : ReceiveActor
{
    private readonly List<IActorRef> _watchers = [];
    private long _freeBytes;

    /// <summary>Node <paramref name="id"/> of <paramref name="capacityBytes"/>, of which <paramref name="usedBytes"/> are in use.</summary>
    public MemoryNode(int id, long capacityBytes, long usedBytes = 0)
    {
        Id = id;
        _freeBytes = capacityBytes - usedBytes;
        Receive<AllocFolios>(alloc =>
        {
            var granted = (int)Math.Min(alloc.Count, _freeBytes / alloc.FolioBytes);
            _freeBytes -= granted * alloc.FolioBytes;
            Sender.Tell(new FoliosAllocated(granted), Self);
            if (granted > 0) Publish();
        });
        Receive<FreeFolios>(free =>
        {
            _freeBytes += free.Count * free.FolioBytes;
            if (free.Count > 0) Publish();
        });
        Receive<WatchFree>(_ =>
        {
            _watchers.Add(Sender);
            Sender.Tell(new NodeFree(Id, _freeBytes), Self);
        });
    }

    /// <summary>The node id (as in /sys/devices/system/node/nodeN).</summary>
    public int Id { get; }

    private void Publish()
    {
        foreach (var w in _watchers) w.Tell(new NodeFree(Id, _freeBytes), Self);
    }
}
