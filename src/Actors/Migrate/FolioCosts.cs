using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Migrate;

/// <summary>The serial, non-copy kernel work for one folio of a given size, split into its unmap and move parts, and the cost
/// of an unmap attempt that fails early (trylock or writeback check) before any PTE is touched.</summary>
public readonly record struct FolioCosts(SimTime Unmap, SimTime Move, SimTime Attempt)
{
    /// <summary>The costs for folios of <paramref name="pagesPerFolio"/> base pages on a machine with <paramref name="kernel"/> costs.</summary>
    /// <remarks>A PTE-mapped folio pays per folio and per PTE (one migration entry installed, later restored, per base page);
    /// orders 4..8 also miss the per-CPU page lists when the destination folio is allocated. A PMD-mapped THP has one entry.</remarks>
    public static FolioCosts For(KernelCosts kernel, int pagesPerFolio)
    {
        SimTime total;
        if (pagesPerFolio == FolioList.PmdPages) total = kernel.PmdFolio;
        else
        {
            total = kernel.Folio + kernel.Pte * pagesPerFolio;
            var order = int.Log2(pagesPerFolio);
            if (order is >= 4 and <= 8) total += kernel.AllocBuddyExtra;
        }
        var unmap = new SimTime((long)Math.Round(total.Picoseconds * kernel.UnmapShare));
        var attempt = new SimTime((long)Math.Round(kernel.Folio.Picoseconds * kernel.UnmapShare));
        return new FolioCosts(unmap, total - unmap, attempt);
    }
}
