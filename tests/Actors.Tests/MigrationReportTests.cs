using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests;

/// <summary>The report's inaccessible times are sorted by its own radix sort: the same order as a comparison sort, for
/// small and large times alike (each 11 more bits of the largest time is one more pass), and never of a negative time.</summary>
public sealed class MigrationReportTests
{
    [Theory]
    [InlineData(0, 1L)]
    [InlineData(1, 1L)]
    [InlineData(1000, 1000L)]
    [InlineData(100_000, 400_000_000L)]
    [InlineData(5_000, long.MaxValue)]
    public void Inaccessible_times_sort_as_a_comparison_sort_would(int count, long maxPs)
    {
        var random = new Random(count);
        var times = Enumerable.Range(0, count).Select(_ => random.NextInt64(maxPs)).ToArray();
        var expected = times.Order().ToArray();
        MigrationReport.SortInaccessible(times);
        Assert.Equal(expected, times);
    }

    [Fact]
    public void A_sort_after_a_larger_one_ignores_what_its_pooled_scratch_still_holds()
    {
        var large = Enumerable.Range(0, 70_000).Select(i => (long)(70_000 - i) * 3).ToArray();
        MigrationReport.SortInaccessible(large);
        foreach (var count in new[] { 1_000, 4_097, 65_536 })
        {
            var random = new Random(count);
            var times = Enumerable.Range(0, count).Select(_ => random.NextInt64(1L << 40)).ToArray();
            var expected = times.Order().ToArray();
            MigrationReport.SortInaccessible(times);
            Assert.Equal(expected, times);
        }
    }

    [Fact]
    public void A_negative_inaccessible_time_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MigrationReport.SortInaccessible([5, -1, 3]));
    }
}
