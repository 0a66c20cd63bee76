using System.Buffers;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Migrate;

/// <summary>The folios of one migrate_pages() call as the migrating task alone keeps them, in parallel arrays (folios are data,
/// not actors, so a run can move millions); every step of a folio goes through here, so the protocol's invariants are checked here.</summary>
/// <remarks>The arrays come from <see cref="ArrayPool{T}.Shared"/> and go back on <see cref="Dispose"/>: a fresh 2 GB list of 4K
/// folios is 11 MiB of pages the kernel must fault in, ~11 µs a page on the paravirtualised VMs this runs on, which made a sweep's
/// 4K points pay more for their memory than for their events (and two sweeps at once slow each other in the hypervisor's fault
/// path). A rented array may be longer than <see cref="Count"/> and holds another list's values until set here.</remarks>
public sealed class FolioList : IDisposable
{
    /// <summary>The 4 KiB base pages of a PMD-mapped THP (HPAGE_PMD_NR).</summary>
    public const int PmdPages = 512;

    private readonly Errno[] _errno;
    private readonly bool[] _copied;
    private readonly bool[] _flushed;
    private readonly long[] _unmappedAtPs;
    private readonly long[] _remappedAtPs;

    /// <summary>A list of <paramref name="count"/> folios of <paramref name="folioSize"/> each.</summary>
    public FolioList(int count, ByteSize folioSize)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A migration needs at least one folio");
        if (folioSize.Bytes < ByteSize.Page.Bytes || !long.IsPow2(folioSize.Bytes) || folioSize.Pages > PmdPages)
            throw new ArgumentOutOfRangeException(nameof(folioSize), folioSize, "A folio is a power-of-two number of 4K pages, at most 2M");
        Count = count;
        FolioSize = folioSize;
        PagesPerFolio = (int)folioSize.Pages;
        _errno = Rented(count, Migrate.Errno.Success);
        _copied = Rented(count, false);
        _flushed = Rented(count, false);
        _unmappedAtPs = Rented(count, -1L);
        _remappedAtPs = Rented(count, -1L);
    }

    private static T[] Rented<T>(int count, T value)
    {
        var array = ArrayPool<T>.Shared.Rent(count);
        array.AsSpan(0, count).Fill(value);
        return array;
    }

    /// <summary>Gives the arrays back to the pool: the list must not be used after.</summary>
    public void Dispose()
    {
        ArrayPool<Errno>.Shared.Return(_errno);
        ArrayPool<bool>.Shared.Return(_copied);
        ArrayPool<bool>.Shared.Return(_flushed);
        ArrayPool<long>.Shared.Return(_unmappedAtPs);
        ArrayPool<long>.Shared.Return(_remappedAtPs);
    }

    /// <summary>Folios in the list.</summary>
    public int Count { get; }

    /// <summary>The size of every folio.</summary>
    public ByteSize FolioSize { get; }

    /// <summary>Bytes per folio.</summary>
    public long FolioBytes => FolioSize.Bytes;

    /// <summary>Base pages per folio (folio_nr_pages).</summary>
    public int PagesPerFolio { get; }

    /// <summary>True for a 2 MiB THP, mapped by one PMD: flushed immediately at unmap, one entry to restore.</summary>
    public bool PmdMapped => PagesPerFolio == PmdPages;

    /// <summary>The final outcome of folio <paramref name="index"/> (Success until a failure is recorded).</summary>
    public Errno Errno(int index) => _errno[index];

    /// <summary>True once folio <paramref name="index"/>'s data has been copied.</summary>
    public bool IsCopied(int index) => _copied[index];

    /// <summary>When folio <paramref name="index"/>'s migration entries were installed (it became inaccessible); -1 if never.</summary>
    public long UnmappedAtPs(int index) => _unmappedAtPs[index];

    /// <summary>When remove_migration_ptes() made folio <paramref name="index"/> accessible again; -1 if never.</summary>
    public long RemappedAtPs(int index) => _remappedAtPs[index];

    /// <summary>Records that try_to_migrate() replaced folio <paramref name="index"/>'s mappings with migration entries at <paramref name="atPs"/>.</summary>
    public void MarkUnmapped(int index, long atPs)
    {
        if (_unmappedAtPs[index] >= 0) throw new InvalidOperationException($"Folio {index} unmapped twice");
        _unmappedAtPs[index] = atPs;
    }

    /// <summary>Records that no CPU can still write folio <paramref name="index"/> through a stale TLB entry: its flush is done
    /// (try_to_unmap_flush() for PTE-mapped folios, the immediate flush for a PMD-mapped THP).</summary>
    public void MarkFlushed(int index)
    {
        if (_unmappedAtPs[index] < 0) throw new InvalidOperationException($"Folio {index} flushed while still mapped");
        _flushed[index] = true;
    }

    /// <summary>Records one copy of folio <paramref name="index"/>; a copy before its flush, or a second copy, is a protocol bug, stopped here.</summary>
    public void MarkCopied(int index)
    {
        if ((uint)index >= (uint)Count) throw new InvalidOperationException($"Folio {index} copied, but the call has folios 0..{Count - 1}");
        if (_copied[index]) throw new InvalidOperationException($"Folio {index} copied twice");
        if (!_flushed[index]) throw new InvalidOperationException($"Folio {index} copied before its TLB flush");
        _copied[index] = true;
    }

    /// <summary>Records that remove_migration_ptes() made folio <paramref name="index"/> accessible again at <paramref name="atPs"/>.</summary>
    public void MarkRemapped(int index, long atPs) => _remappedAtPs[index] = atPs;

    /// <summary>Records that folio <paramref name="index"/> failed with <paramref name="errno"/>.</summary>
    public void MarkFailed(int index, Errno errno) => _errno[index] = errno;
}
