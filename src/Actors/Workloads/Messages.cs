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

/// <summary>migrate_vma_setup()'s collection: isolate the folios of [<paramref name="FirstFolio"/>, + <paramref name="Folios"/>) of the
/// address space that sit on one of <paramref name="From"/>, device memory included.</summary>
public sealed record IsolateRange(long FirstFolio, long Folios, ImmutableArray<int> From);

/// <summary>The collected folios by node, and how many of the range's folios on the asked nodes were not collected because another
/// caller had them isolated (collecting fewer than asked is normal).</summary>
public sealed record RangeIsolated(ImmutableArray<NodeFolios> Isolated, long Busy)
{
    /// <summary>How many were collected.</summary>
    public long Count => Isolated.Sum(n => n.Count);
}

/// <summary>The order in which a selection walks a workload's regions.</summary>
public enum SelectOrder
{
    /// <summary>By address, from the first region of the range.</summary>
    Address,
    /// <summary>The most touched first.</summary>
    Hottest,
    /// <summary>The least touched first.</summary>
    Coldest,
}

/// <summary>Isolate up to <paramref name="MaxFolios"/> folios of regions <paramref name="FromRegion"/> to <paramref name="ToRegion"/>
/// (exclusive) touched between <paramref name="MinRate"/> and <paramref name="MaxRate"/> times a second per folio, on
/// <paramref name="OnNode"/> (-1: any) but not on <paramref name="NotOnNode"/> (-1: none), walking them in <paramref name="Order"/>:
/// what a syscall's page list, DAMON's scheme or compaction's migrate scanner picks.</summary>
public sealed record IsolateWhere(int FromRegion, int ToRegion, int OnNode, int NotOnNode, double MinRate, double MaxRate, SelectOrder Order, long MaxFolios);

/// <summary>The isolated folios, by the node they sit on (in the host's node order).</summary>
public sealed record FoliosSelected(ImmutableArray<NodeFolios> Isolated)
{
    /// <summary>How many were isolated.</summary>
    public long Count => Isolated.Sum(n => n.Count);
}

/// <summary>Isolated folios on <paramref name="Node"/>, by region.</summary>
public sealed record NodeFolios(int Node, ImmutableArray<RegionFolios> Folios)
{
    /// <summary>How many.</summary>
    public int Count => Folios.Sum(f => f.Count);
}

/// <summary><paramref name="Count"/> folios of region <paramref name="Region"/>.</summary>
public sealed record RegionFolios(int Region, int Count);

/// <summary>Folios isolated on <paramref name="From"/> come back: the first <paramref name="Moved"/> of them, in list order, now
/// sit on <paramref name="To"/>. <paramref name="InaccessibleSeconds"/> and <paramref name="InaccessibleSquaredSeconds"/> sum each
/// moved folio's inaccessible window and its square, from which the workload's wait on them follows; <paramref name="SpanSeconds"/>
/// is how long the windows last together when they overlap (one migrate_vma's folios share one), else infinity.</summary>
public sealed record PutbackFolios(int From, int To, ImmutableArray<RegionFolios> Isolated, int Moved, double InaccessibleSeconds, double InaccessibleSquaredSeconds,
    double SpanSeconds = double.PositiveInfinity);

/// <summary>Each of the host's nodes' latency over its idle latency in the coming epoch, in the host's node order.</summary>
public sealed record NodeLoad(ImmutableArray<double> LatencyFactor);

/// <summary>Bytes a workload moved to and from each of the host's nodes in an epoch, in the host's node order.</summary>
public sealed record NodeTraffic(ImmutableArray<double> Bytes);
