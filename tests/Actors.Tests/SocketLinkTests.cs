using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tests;

/// <summary>The socket link is shared by every cross-socket copy, whoever initiates it: CPU threads and DMA channels alike.</summary>
public sealed class SocketLinkTests
{
    private static PlatformProfile WithLink(string bandwidth) => PlatformProfileReader.Read(ConfigNode.Parse("narrow-link.yaml",
        PlatformProfileReader.ReadShipped("zen3-ptdma")!.Replace("    bandwidth: 128GB/s ", $"    bandwidth: {bandwidth} ")));

    [Theory]
    [InlineData(CopyMode.Vanilla, 0)]
    [InlineData(CopyMode.MtCopy, 16)]
    [InlineData(CopyMode.Dcbm, 16)]
    public void A_narrow_link_bounds_every_copy_path(CopyMode mode, int workers)
    {
        MigrationScenario Scenario(PlatformProfile p) => new()
        {
            Platform = p,
            Mode = mode,
            Workers = workers,
            FolioSize = ByteSize.FromMiB(2),
            Folios = 128,
            BatchPages = mode == CopyMode.Vanilla ? 512 : 1 << 18,
        };
        var wide = MigrationSimulation.Run(Scenario(Profiles.Zen3)).Report;
        var narrow = MigrationSimulation.Run(Scenario(WithLink("5GB/s"))).Report;

        Assert.True(wide.ThroughputGBps > 9, $"{mode}: {wide.ThroughputGBps:F2} GB/s on the shipped link");
        Assert.InRange(narrow.ThroughputGBps, 4.0, 5.0); // the 5 GB/s link, less the serial work around the copy
    }

    [Fact]
    public void A_link_must_join_two_different_sockets()
    {
        var text = PlatformProfileReader.ReadShipped("zen3-ptdma")!.Replace("between: [0, 1]", "between: [1, 1]");
        var e = Assert.Throws<ConfigException>(() => PlatformProfileReader.Read(ConfigNode.Parse("bad-link.yaml", text)));
        Assert.StartsWith("bad-link.yaml: links[0].between: expected two different sockets", e.Message);
    }
}
