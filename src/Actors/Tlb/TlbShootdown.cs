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
/// <param name="baseCost">The cost of a shootdown to no CPU.</param>
/// <param name="perCpuCost">What each target CPU adds.</param>
public sealed class TlbShootdown(SimTime baseCost, SimTime perCpuCost) : ActorBase
{
    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        if (message is not FlushTlbBatch flush) return false;
        var cost = baseCost + perCpuCost * flush.TargetCpus;
        Context.Occupy(cost);
        Context.ScheduleTellOnce(cost, Sender, new TlbFlushed(cost));
        return true;
    }
}
