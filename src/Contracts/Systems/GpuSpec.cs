using ActorMigration.Contracts.Units;

namespace ActorMigration.Contracts.Systems;

/// <summary>The GPU that owns a device-coherent memory node: its name and its copy engine (SDMA), and how fast its own compute
/// reads the memory.</summary>
/// <param name="Name">Its name, unique in the system (gcd0...).</param>
/// <param name="SdmaBandwidth">What its SDMA ring copies between system and device memory, a second.</param>
/// <param name="SdmaWindowLatency">What each copy window of <see cref="WindowPages"/> costs the ring beyond its bytes (command
/// submission and the window's fence).</param>
/// <param name="HbmBandwidth">What a kernel running on it reads from its own memory, a second.</param>
/// <param name="PageFaultLatency">From a kernel's access to a page not in its memory until the driver handles the fault (the
/// retry fault's interrupt and its trip to the driver's worker), the kernel waiting.</param>
public sealed record GpuSpec(string Name, Bandwidth SdmaBandwidth, SimTime SdmaWindowLatency, Bandwidth HbmBandwidth, SimTime PageFaultLatency)
{
    /// <summary>Pages per SDMA copy window (amdkfd copies through a GART window of 512 pages).</summary>
    public const int WindowPages = 512;
}
