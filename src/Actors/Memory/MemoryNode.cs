using Akka.Actor;

namespace ActorMigration.Actors.Memory;

/// <summary>Allocate up to <paramref name="Count"/> destination folios of <paramref name="FolioBytes"/> each on this node.</summary>
public sealed record AllocFolios(int Count, long FolioBytes);

/// <summary>How many of the requested folios were allocated (the rest would be -ENOMEM).</summary>
public sealed record FoliosAllocated(int Count);

/// <summary>Return <paramref name="Count"/> folios of <paramref name="FolioBytes"/> to the node (a failed migration frees its destination).</summary>
public sealed record FreeFolios(int Count, long FolioBytes);

/// <summary>A NUMA node's memory: capacity, and what is allocated on it.</summary>
/// <remarks>Protocol: <see cref="AllocFolios"/> → <see cref="FoliosAllocated"/>; <see cref="FreeFolios"/> (no answer).
/// The migrating thread allocates a batch's destination folios in one request, so the node costs two messages per batch, not per folio.
/// A plain <see cref="ActorBase"/>, as every actor of a machine: a <c>ReceiveActor</c> compiles its handlers into an
/// expression tree when its first instance starts, which costs a short run ~10 ms per actor type.</remarks>
public sealed class MemoryNode(int id, long capacityBytes) : ActorBase
{
    private long _freeBytes = capacityBytes;

    /// <summary>The node id (as in /sys/devices/system/node/nodeN).</summary>
    public int Id { get; } = id;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case AllocFolios alloc:
                var granted = (int)Math.Min(alloc.Count, _freeBytes / alloc.FolioBytes);
                _freeBytes -= granted * alloc.FolioBytes;
                Sender.Tell(new FoliosAllocated(granted), Self);
                return true;
            case FreeFolios free:
                _freeBytes += free.Count * free.FolioBytes;
                return true;
            default:
                return false;
        }
    }
}
