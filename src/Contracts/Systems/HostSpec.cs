namespace ActorMigration.Contracts.Systems;

/// <summary>One host of a system file: its sockets, cores and DMA copy engines.</summary>
/// <param name="Name">Its name, unique in the system.</param>
/// <param name="Sockets">CPU sockets.</param>
/// <param name="CoresPerSocket">Cores per socket.</param>
/// <param name="DmaChannels">DMA copy channels the host's migrators may use (0: CPU copies only).</param>
/// <param name="Platform">The calibrated platform profile (name or path) whose kernel costs, CPU copy rates and engine kind the
/// host has; its CPU count and channel count are this host's.</param>
public sealed record HostSpec(string Name, int Sockets, int CoresPerSocket, int DmaChannels, string Platform)
{
    /// <summary>The platform a host has when its system file names none: the calibrated Zen 3 box.</summary>
    public const string DefaultPlatform = "zen3-ptdma";
}
