using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tlb;

/// <summary>Flush the deferred TLB entries of a batch on <paramref name="TargetCpus"/> CPUs: try_to_unmap_flush().</summary>
public sealed record FlushTlbBatch(int TargetCpus);

/// <summary>Every target CPU acknowledged the flush.</summary>
public sealed record TlbFlushed(SimTime Cost);

/// <summary>The TLB shootdown: an IPI fan-out to every CPU that may cache the mappings, whose cost grows with the targets.</summary>
/// <remarks>Protocol: <see cref="FlushTlbBatch"/> → (busy for base + per-CPU × targets) → <see cref="TlbFlushed"/>.
/// Flushes from several migrating threads queue behind one another, as IPIs to the same CPUs do.</remarks>
public sealed class TlbShootdown : ReceiveActor
{
    /// <summary>A shootdown costing <paramref name="baseCost"/> plus <paramref name="perCpuCost"/> per target CPU.</summary>
    public TlbShootdown(SimTime baseCost, SimTime perCpuCost) => Receive<FlushTlbBatch>(flush =>
    {
        var cost = baseCost + perCpuCost * flush.TargetCpus;
        Context.Occupy(cost);
        Context.ScheduleTellOnce(cost, Sender, new TlbFlushed(cost));
    });
}
