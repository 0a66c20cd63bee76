using System.Collections.Immutable;
using ActorMigration.Actors.Fabric;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Actors.Dma;

/// <summary>Take the channel for one batch if nobody holds it (the channel lock's trylock).</summary>
public sealed record TryAcquireChannel;

/// <summary>The trylock's answer.</summary>
public sealed record ChannelAcquired(int Channel, bool Acquired);

/// <summary>Give the channel back.</summary>
public sealed record ReleaseChannel;

/// <summary>Issue <paramref name="Count"/> descriptors from <paramref name="Start"/> of the batch's <paramref name="Descriptors"/>.
/// An interrupt (<see cref="DescriptorsCompleted"/>) follows the last one. Their data crosses <paramref name="Route"/> besides the channel's own paths.</summary>
public sealed record SubmitDescriptors(ImmutableArray<DmaDescriptor> Descriptors, int Start, int Count, ResourceSet Route) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine((ulong)Start, (ulong)Count);
}

/// <summary>The channel is done with its descriptors: which of them completed (indices into the submitted descriptors, in
/// completion order), whether it stopped on an error, and how long it was busy.</summary>
public sealed record DescriptorsCompleted(int Channel, ImmutableArray<int> Completed, bool Error, long BusyPs) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine(StableHash.Combine((ulong)Channel, (ulong)Completed.Length), Error ? 1UL : 0UL);
}
