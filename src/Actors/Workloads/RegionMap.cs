namespace ActorMigration.Actors.Workloads;

/// <summary>Where a workload's folios sit: per region, how many are on each of its host's nodes, and how many of those are
/// isolated for migration. Folios are counted, not listed: a region's folios are alike.</summary>
public sealed class RegionMap
{
    private readonly int[] _folios;
    private readonly int[] _isolated;
    private readonly long[] _nodeFolios;

    /// <summary><paramref name="totalFolios"/> folios cut into <paramref name="regions"/> regions (the last takes the rest), over
    /// <paramref name="slots"/> nodes, none placed yet.</summary>
    public RegionMap(int regions, long totalFolios, int slots)
    {
        if (totalFolios / regions > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(regions), regions, "Too few regions: a region holds at most 2^31 folios");
        Regions = regions;
        Slots = slots;
        PerRegion = (int)(totalFolios / regions);
        LastRegion = (int)(totalFolios - (long)PerRegion * (regions - 1));
        _folios = new int[regions * slots];
        _isolated = new int[regions * slots];
        _nodeFolios = new long[slots];
    }

    /// <summary>Regions.</summary>
    public int Regions { get; }

    /// <summary>Nodes a folio can be on.</summary>
    public int Slots { get; }

    /// <summary>Folios of every region but the last.</summary>
    public int PerRegion { get; }

    /// <summary>Folios of the last region.</summary>
    public int LastRegion { get; }

    /// <summary>Folios of region <paramref name="r"/>.</summary>
    public int Size(int r) => r == Regions - 1 ? LastRegion : PerRegion;

    /// <summary>Folios of region <paramref name="r"/> on <paramref name="slot"/>, isolated ones included.</summary>
    public int Folios(int r, int slot) => _folios[r * Slots + slot];

    /// <summary>Folios of region <paramref name="r"/> on <paramref name="slot"/> that are not isolated.</summary>
    public int Available(int r, int slot) => _folios[r * Slots + slot] - _isolated[r * Slots + slot];

    /// <summary>All folios on <paramref name="slot"/>.</summary>
    public long OnSlot(int slot) => _nodeFolios[slot];

    /// <summary>Places <paramref name="count"/> more folios of region <paramref name="r"/> on <paramref name="slot"/>.</summary>
    public void Place(int r, int slot, int count)
    {
        _folios[r * Slots + slot] += count;
        _nodeFolios[slot] += count;
    }

    /// <summary>Isolates up to <paramref name="count"/> folios of region <paramref name="r"/> on <paramref name="slot"/>; returns how many.</summary>
    public int Isolate(int r, int slot, int count)
    {
        var granted = Math.Min(count, Available(r, slot));
        _isolated[r * Slots + slot] += granted;
        return granted;
    }

    /// <summary>Puts back <paramref name="isolated"/> folios of region <paramref name="r"/> isolated on <paramref name="from"/>,
    /// <paramref name="moved"/> of which now sit on <paramref name="to"/>.</summary>
    public void Putback(int r, int from, int to, int isolated, int moved)
    {
        var i = r * Slots + from;
        if (moved > isolated || isolated > _isolated[i]) throw new InvalidOperationException($"Region {r}: putting back {isolated} folios ({moved} moved) of {_isolated[i]} isolated");
        _isolated[i] -= isolated;
        _folios[i] -= moved;
        _nodeFolios[from] -= moved;
        Place(r, to, moved);
    }
}
