using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;

namespace ActorMigration.Contracts.Tests;

public sealed class PlatformProfileReaderTests
{
    private static string Shipped => PlatformProfileReader.ReadShipped("zen3-ptdma")!;

    [Fact]
    public void The_calibrated_profile_is_shipped_and_loads()
    {
        Assert.Contains("zen3-ptdma", PlatformProfileReader.ShippedNames);
        var p = PlatformProfileReader.Load("zen3-ptdma");
        Assert.Equal(64, p.Cpu.LogicalCpus);
        Assert.Equal(16, p.Engines.Single().Channels);
        Assert.Equal(2, p.Engines.Single().ChannelsPerPath);
        Assert.Equal(226_000, p.Kernel.Pte.Picoseconds);
    }

    [Fact]
    public void Every_shipped_profile_loads()
    {
        foreach (var name in PlatformProfileReader.ShippedNames)
        {
            var p = PlatformProfileReader.Load(name);
            Assert.Equal(name, p.Name);
        }
    }

    [Theory]
    [InlineData("  pte: 226ns", "  pte: fast", "config/platforms/test.yaml: kernel.pte: expected a time with a unit, such as 450ns, 2.5us or 1ms, found 'fast'")]
    [InlineData("  pte: 226ns", "  ptee: 226ns", "config/platforms/test.yaml: kernel.pte: is required but missing")]
    [InlineData("    channels: 16", "    channels: 0", "config/platforms/test.yaml: engines[0].channels: expected a whole number from 1 to 1024, found '0'")]
    [InlineData("  thread: 11.34GB/s", "  thread: 11.34GB/s\n  threads: 12", "config/platforms/test.yaml: cpu_copy.threads: is not a known key here")]
    [InlineData("    node: 1 ", "    node: 7 ", "config/platforms/test.yaml: engines[0].node: expected the id of a memory node (0, 1)")]
    [InlineData("  - name: ptdma", "  - name: pt/dma", "config/platforms/test.yaml: engines[0].name: expected a name of ASCII letters, digits, '-' or '_', found 'pt/dma'")]
    public void Bad_values_name_the_file_the_key_and_the_expectation(string good, string bad, string expected)
    {
        Assert.Contains(good, Shipped);
        var text = Shipped.Replace(good, bad);
        var e = Assert.Throws<ConfigException>(() => PlatformProfileReader.Read(ConfigNode.Parse("config/platforms/test.yaml", text)));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Not_yaml_at_all_is_reported_with_its_line()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigNode.Parse("x.yaml", "name: [unclosed\n"));
        Assert.StartsWith("x.yaml: is not valid YAML at line", e.Message);
    }

    [Fact]
    public void An_unknown_platform_lists_the_shipped_ones()
    {
        var e = Assert.Throws<ConfigException>(() => PlatformProfileReader.Load("no-such-box"));
        Assert.Contains("zen3-ptdma", e.Message);
    }
}
