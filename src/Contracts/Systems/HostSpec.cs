namespace ActorMigration.Contracts.Systems;

/// <summary>One host of a system file: its sockets, cores and DMA copy engines.</summary>
/// <param name="Name">Its name, unique in the system.</param>
/// <param name="Sockets">CPU sockets.</param>
/// <param name="CoresPerSocket">Cores per socket.</param>
/// <param name="DmaChannels">DMA copy channels the host's migrators may use (0: CPU copies only).</param>
public sealed record HostSpec(string Name, int Sockets, int CoresPerSocket, int DmaChannels);
