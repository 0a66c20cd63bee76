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
    public void A_negative_inaccessible_time_is_refused()
    {
        Assert.Throws<ArgumentException>(() => MigrationReport.SortInaccessible([5, -1, 3]));
    }
}
