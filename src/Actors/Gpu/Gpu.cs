using ActorMigration.Actors.Memory;
using ActorMigration.Contracts.Systems;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Gpu;

/// <summary>A GPU: it owns its device-coherent memory (a <see cref="MemoryNode"/> child, <c>vram</c>, where the driver reserves
/// destination pages) and its copy engine (an <see cref="SdmaRing"/> child, <c>sdma0</c>).</summary>
/// <remarks>Protocol: the memory node's (<see cref="AllocFolios"/> → <see cref="FoliosAllocated"/>, <see cref="FreeFolios"/>,
/// <see cref="WatchFree"/>) and the ring's (<see cref="SdmaCopy"/> → <see cref="SdmaFence"/>), forwarded, so the answer goes
/// straight back to whoever asked.</remarks>
public sealed class Gpu : ActorBase
{
    private readonly IActorRef _vram;
    private readonly IActorRef _sdma;

    /// <summary>GPU <paramref name="spec"/> owning node <paramref name="node"/> of <paramref name="capacityBytes"/>.</summary>
    public Gpu(GpuSpec spec, int node, long capacityBytes, GpuCounters counters)
    {
        _vram = Context.ActorOf(SimulationProps.Of(() => new MemoryNode(node, capacityBytes)), "vram");
        _sdma = Context.ActorOf(SimulationProps.Of(() => new SdmaRing(spec, counters)), "sdma0");
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case SdmaCopy:
                _sdma.Forward(message);
                return true;
            case AllocFolios or FreeFolios or WatchFree:
                _vram.Forward(message);
                return true;
            default:
                return false;
        }
    }
}
