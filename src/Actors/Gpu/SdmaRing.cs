using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Gpu;

/// <summary>A GPU's system DMA engine as amdkfd uses it for migrations: one ring, on which a request's pages are copied in windows of
/// <see cref="GpuSpec.WindowPages"/> pages (svm_migrate_copy_memory_gart), each window a fence of its own, and only the last fence
/// awaited. Requests run in the order they were submitted: one waits in the mailbox while the ring is busy.</summary>
/// <remarks>Protocol: <see cref="SdmaCopy"/> → <see cref="SdmaFence"/> when its last window is done.</remarks>
public sealed class SdmaRing(GpuSpec gpu, GpuCounters counters) : ActorBase
{
    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        if (message is not SdmaCopy copy) return false;
        var windows = (int)((copy.Pages + GpuSpec.WindowPages - 1) / GpuSpec.WindowPages);
        var busy = gpu.SdmaWindowLatency * windows + SimTime.ForTransfer(copy.Pages * ByteSize.Page.Bytes, gpu.SdmaBandwidth.BytesPerSecond);
        counters.SdmaBusyPs += busy.Picoseconds;
        counters.SdmaWindows += windows;
        counters.SdmaBusyUntilPs = Context.Now().Picoseconds + busy.Picoseconds;
        Context.Occupy(busy);
        Context.ScheduleTellOnce(busy, Sender, new SdmaFence(copy.Pages, windows));
        return true;
    }
}
