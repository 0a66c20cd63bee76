using ActorMigration.Actors.Migrate;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Actors.Dma;

/// <summary>Take the channel for one batch if nobody holds it (the channel lock's trylock).</summary>
public sealed record TryAcquireChannel;

/// <summary>The trylock's answer.</summary>
public sealed record ChannelAcquired(int Channel, bool Acquired);

/// <summary>Give the channel back.</summary>
public sealed record ReleaseChannel;

/// <summary>Issue <paramref name="Count"/> descriptors from <paramref name="Start"/> of <paramref name="Descriptors"/>; each copies
/// its folios of <paramref name="Batch"/>. An interrupt (<see cref="DescriptorsCompleted"/>) follows the last one.</summary>
public sealed record SubmitDescriptors(CopyBatch Batch, DmaDescriptor[] Descriptors, int Start, int Count) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine((ulong)Start, (ulong)Count);
}

/// <summary>The channel is done with its descriptors: how many completed, and whether it stopped on an error.</summary>
public sealed record DescriptorsCompleted(int Channel, int Completed, bool Error, long BusyPs) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine(StableHash.Combine((ulong)Channel, (ulong)Completed), Error ? 1UL : 0UL);
}
