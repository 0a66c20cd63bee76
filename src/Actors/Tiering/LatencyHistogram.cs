namespace ActorMigration.Actors.Tiering;

/// <summary>Counts durations in buckets 1/32 of a binary order of magnitude wide (about 2%), so percentiles of millions of
/// folios take a few kilobytes.</summary>
public sealed class LatencyHistogram
{
    private const int PerOctave = 32;
    private readonly long[] _counts = new long[64 * PerOctave];

    /// <summary>Durations counted.</summary>
    public long Count { get; private set; }

    /// <summary>Counts a duration of <paramref name="ps"/> picoseconds.</summary>
    public void Add(long ps) => Add(ps, 1);

    /// <summary>Counts <paramref name="n"/> durations of <paramref name="ps"/> picoseconds each.</summary>
    public void Add(long ps, long n)
    {
        _counts[Bucket(ps)] += n;
        Count += n;
    }

    /// <summary>The <paramref name="q"/>-quantile in picoseconds (a bucket's upper bound), 0 when empty.</summary>
    public long Quantile(double q)
    {
        if (Count == 0) return 0;
        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var b = 0; b < _counts.Length; b++)
            if ((seen += _counts[b]) >= Math.Max(1, rank))
                return (long)Math.Pow(2, (b + 1) / (double)PerOctave);
        return long.MaxValue;
    }

    private static int Bucket(long ps) => ps <= 1 ? 0 : Math.Min(64 * PerOctave - 1, (int)(Math.Log2(ps) * PerOctave));
}
