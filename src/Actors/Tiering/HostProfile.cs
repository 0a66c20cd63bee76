using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Systems;

namespace ActorMigration.Actors.Tiering;

/// <summary>A host's platform: the calibrated profile's kernel costs, CPU copy rates and engine kind, with the host's own sockets,
/// cores and DMA channels.</summary>
public static class HostProfile
{
    /// <summary><paramref name="platform"/> as <paramref name="host"/> has it.</summary>
    public static PlatformProfile For(HostSpec host, PlatformProfile platform)
    {
        var cpu = platform.Cpu with { Sockets = host.Sockets, DiesPerSocket = 1, CoresPerDie = host.CoresPerSocket };
        cpu = cpu with { TlbFlushTargetCpus = Math.Min(platform.Cpu.TlbFlushTargetCpus, cpu.LogicalCpus) };
        var engines = host.DmaChannels == 0 ? [] : platform.Engines.Take(1).Select(e => e with { Channels = host.DmaChannels }).ToArray();
        var links = platform.Links.Where(l => l.SocketA < host.Sockets && l.SocketB < host.Sockets).ToArray();
        return platform with { Cpu = cpu, Engines = engines, Links = links };
    }
}
