using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests;

/// <summary>The inaccessible times held as runs are the sorted array they replace: the same count, the same time at every rank, the
/// same sequence when enumerated (so sums over it add in the same order), the same maximum; and only ascending, non-negative times
/// are taken.</summary>
public sealed class InaccessibleTimesTests
{
    public static TheoryData<long[]> Sorted => new()
    {
        Array.Empty<long>(),
        new long[] { 7 },
        new long[] { 0, 0, 0 },
        new long[] { 1, 2, 3, 4 },
        new long[] { 5, 5, 9, 9, 9, 12, 40, 40 },
        Enumerable.Range(0, 1 << 19).Select(i => 350_000_000L + i / 512 * 400_000L).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Sorted))]
    public void Every_rank_count_maximum_and_the_enumeration_are_the_arrays(long[] sorted)
    {
        var times = InaccessibleTimes.FromSorted(sorted);
        Assert.Equal(sorted.Length, times.Count);
        Assert.Equal(sorted.Length == 0 ? 0 : sorted[^1], times.Max);
        Assert.Equal(sorted, times);
        for (var rank = 0; rank < sorted.Length; rank += Math.Max(1, sorted.Length / 1000)) Assert.Equal(sorted[rank], times[rank]);
        if (sorted.Length > 0) Assert.Equal(sorted[^1], times[sorted.Length - 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => times[sorted.Length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => times[-1]);
        Assert.Equal(sorted.Distinct().Count(), times.Runs.Count());
        Assert.Equal(sorted.Length, times.Runs.Sum(r => r.Count));
    }

    [Fact]
    public void Random_times_sorted_by_the_reports_sort_give_every_rank_back()
    {
        var random = new Random(11);
        for (var n = 1; n < 5000; n = n * 3 + 1)
        {
            // Few distinct values, as batch copies give: long runs, and runs of one.
            var values = Enumerable.Range(0, n).Select(_ => random.Next(0, 4) == 0 ? random.NextInt64(1L << 40) : random.Next(0, 8) * 1_000L).ToArray();
            MigrationReport.SortInaccessible(values);
            var times = InaccessibleTimes.FromSorted(values);
            Assert.Equal(values, Enumerable.Range(0, n).Select(rank => times[rank]));
            Assert.Equal(values, times);
        }
    }

    [Fact]
    public void Built_from_runs_they_equal_the_same_times_built_from_the_array()
    {
        var builder = new InaccessibleTimes.Builder();
        builder.Add(5, 2);
        builder.Add(9, 1);
        builder.Add(9, 2);
        builder.Add(12, 1);
        var built = builder.Build();
        Assert.Equal(InaccessibleTimes.FromSorted([5, 5, 9, 9, 9, 12]), built);
        Assert.Equal([(5L, 2), (9L, 3), (12L, 1)], built.Runs);
        Assert.Equal(InaccessibleTimes.None, new InaccessibleTimes.Builder().Build());
        Assert.NotEqual(InaccessibleTimes.FromSorted([5, 5, 9]), InaccessibleTimes.FromSorted([5, 9, 9]));
    }

    [Fact]
    public void Descending_negative_or_empty_runs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => InaccessibleTimes.FromSorted([5, 3]));
        Assert.Throws<ArgumentException>(() => InaccessibleTimes.FromSorted([-1, 3]));
        var builder = new InaccessibleTimes.Builder();
        builder.Add(10, 1);
        Assert.Throws<ArgumentException>(() => builder.Add(9, 1));
        Assert.Throws<ArgumentException>(() => builder.Add(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(11, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(11, int.MaxValue));
    }
}
