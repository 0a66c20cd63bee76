using System.Collections.Immutable;

namespace ActorMigration.Actors.Workloads;

/// <summary>change_prot_numa() over the next <paramref name="Folios"/> folios of the address space from region
/// <paramref name="FromRegion"/>: the scanner's window. Only folios off the top tier are marked (tiering mode).</summary>
public sealed record ScanWindow(int FromRegion, long Folios);

/// <summary>The window's marked folios by region and node, how often each is touched, and where the next window starts.</summary>
public sealed record WindowScanned(int NextRegion, ImmutableArray<ScannedFolios> Marked);

/// <summary><paramref name="Folios"/> folios of region <paramref name="Region"/> on <paramref name="Node"/>, each touched
/// <paramref name="AccessesPerSecond"/> times a second.</summary>
public sealed record ScannedFolios(int Region, int Node, int Folios, double AccessesPerSecond);

/// <summary>Isolate (take off the LRU) up to <paramref name="Count"/> folios of region <paramref name="Region"/> on <paramref name="Node"/>.</summary>
public sealed record IsolateFolios(int Region, int Node, int Count);

/// <summary>How many were isolated.</summary>
public sealed record FoliosIsolated(int Region, int Node, int Count);

/// <summary>How often is the coldest folio the workload has on <paramref name="Node"/> touched?</summary>
public sealed record PeekColdFolios(int Node);

/// <summary>The coldest available folio on <paramref name="Node"/> is touched <paramref name="AccessesPerSecond"/> times a
/// second (infinity: none is available there).</summary>
public sealed record ColdestFolio(int Node, double AccessesPerSecond);

/// <summary>Isolate up to <paramref name="Max"/> of the coldest folios on <paramref name="Node"/> (reclaim's shrink list).</summary>
public sealed record IsolateColdFolios(int Node, int Max);

/// <summary>The isolated cold folios, by region (empty: nothing left to reclaim there).</summary>
public sealed record ColdFoliosIsolated(int Node, ImmutableArray<RegionFolios> Isolated);

/// <summary><paramref name="Count"/> folios of region <paramref name="Region"/>.</summary>
public sealed record RegionFolios(int Region, int Count);

/// <summary>Folios isolated on <paramref name="From"/> come back: the first <paramref name="Moved"/> of them, in list order, now
/// sit on <paramref name="To"/>. <paramref name="InaccessibleSquaredSeconds"/> sums the square of each moved folio's inaccessible
/// window, from which the workload's wait on them follows.</summary>
public sealed record PutbackFolios(int From, int To, ImmutableArray<RegionFolios> Isolated, int Moved, double InaccessibleSquaredSeconds);

/// <summary>Each of the host's nodes' latency over its idle latency in the coming epoch, in the host's node order.</summary>
public sealed record NodeLoad(ImmutableArray<double> LatencyFactor);

/// <summary>Bytes a workload moved to and from each of the host's nodes in an epoch, in the host's node order.</summary>
public sealed record NodeTraffic(ImmutableArray<double> Bytes);
