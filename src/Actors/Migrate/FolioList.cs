using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Migrate;

/// <summary>The folios of one migrate_pages() call, as parallel arrays: folios are data, not actors, so a run can move millions.</summary>
public sealed class FolioList
{
    /// <summary>The 4 KiB base pages of a PMD-mapped THP (HPAGE_PMD_NR).</summary>
    public const int PmdPages = 512;

    /// <summary>A list of <paramref name="count"/> folios of <paramref name="folioSize"/> each.</summary>
    public FolioList(int count, ByteSize folioSize)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A migration needs at least one folio");
        if (folioSize.Bytes < ByteSize.Page.Bytes || !long.IsPow2(folioSize.Bytes) || folioSize.Pages > PmdPages)
            throw new ArgumentOutOfRangeException(nameof(folioSize), folioSize, "A folio is a power-of-two number of 4K pages, at most 2M");
        Count = count;
        FolioBytes = folioSize.Bytes;
        PagesPerFolio = (int)folioSize.Pages;
        Errno = new Errno[count];
        CopyCount = new byte[count];
        _flushed = new bool[count];
        UnmappedAtPs = new long[count];
        RemappedAtPs = new long[count];
        Array.Fill(UnmappedAtPs, -1);
        Array.Fill(RemappedAtPs, -1);
    }

    /// <summary>Folios in the list.</summary>
    public int Count { get; }

    /// <summary>Bytes per folio.</summary>
    public long FolioBytes { get; }

    /// <summary>Base pages per folio (folio_nr_pages).</summary>
    public int PagesPerFolio { get; }

    /// <summary>True for a 2 MiB THP, mapped by one PMD: flushed immediately at unmap, one entry to restore.</summary>
    public bool PmdMapped => PagesPerFolio == PmdPages;

    /// <summary>Final outcome per folio (Success until a failure is recorded).</summary>
    public Errno[] Errno { get; }

    /// <summary>How many times each folio's data was copied: must be exactly one when it is remapped.</summary>
    public byte[] CopyCount { get; }

    /// <summary>When the migration entry was installed (folio became inaccessible); -1 if never.</summary>
    public long[] UnmappedAtPs { get; }

    /// <summary>When remove_migration_ptes() made the folio accessible again; -1 if never.</summary>
    public long[] RemappedAtPs { get; }

    private readonly bool[] _flushed;

    /// <summary>Records that no CPU can still write folio <paramref name="index"/> through a stale TLB entry: its flush is done
    /// (try_to_unmap_flush() for PTE-mapped folios, the immediate flush for a PMD-mapped THP).</summary>
    public void MarkFlushed(int index)
    {
        if (UnmappedAtPs[index] < 0) throw new InvalidOperationException($"Folio {index} flushed while still mapped");
        _flushed[index] = true;
    }

    /// <summary>Records one copy of folio <paramref name="index"/>; a copy before its flush, or a second copy, is a protocol bug, stopped here.</summary>
    public void MarkCopied(int index)
    {
        if (CopyCount[index] != 0) throw new InvalidOperationException($"Folio {index} copied twice");
        if (!_flushed[index]) throw new InvalidOperationException($"Folio {index} copied before its TLB flush");
        CopyCount[index] = 1;
    }
}
