namespace ActorMigration.Actors.Migrate;

/// <summary>What one migrate_pages() call did, in the metrics of docs/metrics.md.</summary>
public sealed record MigrationReport
{
    /// <summary>Bytes of the folios that migrated.</summary>
    public required long BytesMoved { get; init; }

    /// <summary>Virtual duration of the call, fixed per-call costs included (ps).</summary>
    public required long DurationPs { get; init; }

    /// <summary>First-folio latency of each migrate_pages_batch() call that completed a folio, in call order (ps).</summary>
    public required IReadOnlyList<long> FirstFolioLatencyPs { get; init; }

    /// <summary>Inaccessible time (unmap to remap) of every migrated folio, sorted ascending (ps).</summary>
    public required InaccessibleTimes InaccessiblePs { get; init; }

    /// <summary>CPU time of the migrating thread by phase, plus copy workers and channels (ps).</summary>
    public required IReadOnlyDictionary<string, long> CpuPs { get; init; }

    /// <summary>Virtual time the call spent copying data (ps): per-folio copies, or the batch-copy barrier.</summary>
    public required long CopyPs { get; init; }

    /// <summary>The migrating thread's CPU time per migrated 4K page, in cycles of the platform's clock (the measurements quote
    /// ~3,700 in bulk on the measured box); 0 when nothing migrated.</summary>
    public required double CpuCyclesPerPage { get; init; }

    /// <summary>Folios migrated.</summary>
    public required int Succeeded { get; init; }

    /// <summary>Folios that failed, by errno name.</summary>
    public required IReadOnlyDictionary<string, int> Failed { get; init; }

    /// <summary>Batch copies that fell back to the CPU, by reason.</summary>
    public required IReadOnlyDictionary<string, int> Fallbacks { get; init; }

    /// <summary>migrate_pages_batch() calls.</summary>
    public required int Batches { get; init; }

    /// <summary>Passes run over all batch calls.</summary>
    public required int Passes { get; init; }

    /// <summary>TLB flushes issued (batched, plus immediate ones for PMD-mapped folios).</summary>
    public required int TlbFlushes { get; init; }

    /// <summary>Cycles per page: <paramref name="cpuPs"/> of CPU time at <paramref name="frequencyGHz"/> over <paramref name="pages"/> base pages.</summary>
    public static double CyclesPerPage(long cpuPs, long pages, double frequencyGHz) => pages == 0 ? 0 : cpuPs * frequencyGHz / 1e3 / pages;

    /// <summary>Sorts inaccessible times (ps, never negative) in place, ascending, as <see cref="InaccessiblePs"/> holds them.</summary>
    /// <remarks>A radix sort, 11 bits a pass and only as many passes as the largest time needs (3 for a run under 8.6 s of
    /// inaccessibility), rather than <c>Array.Sort&lt;long&gt;</c>: that one is a framework generic which a fresh process
    /// JIT-compiles and runs at tier 0 over a run's hundreds of thousands of folios; this one is compiled with the program.
    /// The result is the same: a sorted array of the same numbers.</remarks>
    public static void SortInaccessible(Span<long> ps)
    {
        const int DigitBits = 11, Digits = 1 << DigitBits;
        if (ps.Length < 2) return;
        long max = 0;
        foreach (var v in ps)
        {
            InaccessibleTimes.Check(v, null, nameof(ps));
            max = Math.Max(max, v);
        }
        // The scratch half comes from the pool: fresh, it is pages the kernel faults in for every run (see FolioList).
        // It may be longer than ps: only its first ps.Length are used.
        var scratch = System.Buffers.ArrayPool<long>.Shared.Rent(ps.Length);
        Span<long> from = ps, to = scratch.AsSpan(0, ps.Length);
        var starts = new int[Digits];
        var inScratch = false;
        for (var shift = 0; shift < 64 && max >> shift != 0; shift += DigitBits)
        {
            Array.Clear(starts);
            foreach (var v in from) starts[(int)(v >> shift) & (Digits - 1)]++;
            for (int d = 0, start = 0; d < Digits; d++) (starts[d], start) = (start, start + starts[d]);
            foreach (var v in from) to[starts[(int)(v >> shift) & (Digits - 1)]++] = v;
            var swap = from;
            from = to;
            to = swap;
            inScratch = !inScratch;
        }
        if (inScratch) from.CopyTo(ps);
        System.Buffers.ArrayPool<long>.Shared.Return(scratch);
    }

    /// <summary>Throughput in GB/s (1e9 bytes per second), as the RFC's tables.</summary>
    public double ThroughputGBps => DurationPs == 0 ? 0 : BytesMoved / (DurationPs * 1e-12) / 1e9;

    /// <summary>Share of the call spent copying data.</summary>
    public double CopyShare => DurationPs == 0 ? 0 : (double)CopyPs / DurationPs;
}
