using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Platform;

/// <summary>A memory node as a machine's fabric sees it.</summary>
/// <param name="Id">Its node id.</param>
/// <param name="Socket">The socket it hangs off; null for memory no socket owns (a CXL pool behind a switch).</param>
/// <param name="CapacityBytes">Its size.</param>
/// <param name="Controller">The bandwidth of the path to it (memory controller, CXL port); null where it never limits copies.</param>
public sealed record MachineMemory(int Id, int? Socket, long CapacityBytes, Bandwidth? Controller);
