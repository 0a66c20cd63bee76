using ActorMigration.Contracts.Units;

namespace ActorMigration.Contracts.Tests;

public sealed class UnitsTests
{
    [Theory]
    [InlineData("4096", 4096)]
    [InlineData("4K", 4096)]
    [InlineData("16KiB", 16384)]
    [InlineData("2M", 2097152)]
    [InlineData("1G", 1073741824)]
    [InlineData("1GB", 1073741824)]
    public void Sizes_parse_in_binary_units(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text).Bytes);

    [Theory]
    [InlineData("")]
    [InlineData("4X")]
    [InlineData("-4K")]
    [InlineData("K")]
    [InlineData("99999999999999999999G")]
    public void Bad_sizes_are_rejected(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Theory]
    [InlineData("4K")]
    [InlineData("2M")]
    [InlineData("1G")]
    [InlineData("12345")]
    public void Sizes_print_as_they_parse(string text) => Assert.Equal(text, ByteSize.Parse(text).ToString());

    [Theory]
    [InlineData("450ps", 450)]
    [InlineData("12ns", 12_000)]
    [InlineData("2.5us", 2_500_000)]
    [InlineData("1ms", 1_000_000_000)]
    [InlineData("0.3s", 300_000_000_000)]
    public void Times_parse_to_whole_picoseconds(string text, long ps)
    {
        Assert.True(SimTime.TryParse(text, out var t));
        Assert.Equal(ps, t.Picoseconds);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("-1ns")]
    [InlineData("1 fortnight")]
    public void Times_need_a_unit_and_a_sign_that_makes_sense(string text) => Assert.False(SimTime.TryParse(text, out _));

    [Fact]
    public void A_transfer_never_finishes_early()
    {
        // 4096 bytes at 3 bytes/ps is 1365.33 ps: rounded up, so a copy is never shorter than its bytes allow.
        Assert.Equal(1366, SimTime.ForTransfer(4096, 3e12).Picoseconds);
    }

    [Theory]
    [InlineData("11.3GB/s", 11.3e9)]
    [InlineData("800MiB/s", 800.0 * 1024 * 1024)]
    [InlineData("1.5 GB/s", 1.5e9)]
    public void Bandwidths_parse_with_units(string text, double bytesPerSecond)
    {
        Assert.True(Bandwidth.TryParse(text, out var b));
        Assert.Equal(bytesPerSecond, b.BytesPerSecond, 6);
    }

    [Theory]
    [InlineData("11.3GB")]
    [InlineData("0GB/s")]
    [InlineData("fast/s")]
    public void Bad_bandwidths_are_rejected(string text) => Assert.False(Bandwidth.TryParse(text, out _));
}
