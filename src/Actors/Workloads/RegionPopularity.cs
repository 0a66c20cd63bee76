using ActorMigration.Runtime.Randomness;

namespace ActorMigration.Actors.Workloads;

/// <summary>How a workload's accesses spread over its regions: a Zipf law over popularity ranks, the ranks dealt to regions by a
/// seeded shuffle (hot regions are scattered through the address space), and moved by phase changes.</summary>
public sealed class RegionPopularity
{
    private readonly double[] _shareByRank;
    private readonly int[] _baseRank;
    private int _offset;

    /// <summary>Popularity of <paramref name="regions"/> regions under Zipf exponent <paramref name="exponent"/>.</summary>
    public RegionPopularity(int regions, double exponent, SimRandom random)
    {
        _shareByRank = new double[regions];
        var sum = 0.0;
        for (var k = 0; k < regions; k++) sum += _shareByRank[k] = 1 / Math.Pow(k + 1, exponent);
        for (var k = 0; k < regions; k++) _shareByRank[k] /= sum;
        _baseRank = Enumerable.Range(0, regions).ToArray();
        for (var i = regions - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (_baseRank[i], _baseRank[j]) = (_baseRank[j], _baseRank[i]);
        }
        Share = new double[regions];
        ColdOrder = new int[regions];
        ColdPosition = new int[regions];
        Deal();
    }

    /// <summary>Each region's share of the accesses (they sum to 1).</summary>
    public double[] Share { get; }

    /// <summary>Regions from the coldest to the hottest: what an LRU's inactive end holds first.</summary>
    public int[] ColdOrder { get; }

    /// <summary>Each region's place in <see cref="ColdOrder"/>.</summary>
    public int[] ColdPosition { get; }

    /// <summary>Moves every rank by <paramref name="fraction"/> of the regions.</summary>
    public void Shift(double fraction)
    {
        _offset = (int)((_offset + (long)Math.Round(fraction * Share.Length)) % Share.Length);
        Deal();
    }

    private void Deal()
    {
        var n = Share.Length;
        for (var r = 0; r < n; r++)
        {
            var rank = (_baseRank[r] + _offset) % n;
            Share[r] = _shareByRank[rank];
            ColdOrder[n - 1 - rank] = r;
            ColdPosition[r] = n - 1 - rank;
        }
    }
}
