namespace ActorMigration.Actors.Gpu;

/// <summary>What one GPU's memory and copy engine did: bytes moved in and out by what triggered the migration, the SDMA ring's
/// busy time and copy windows, and reservations refused.</summary>
public sealed class GpuCounters
{
    /// <summary>Bytes by trigger and direction: <c>prefetched</c>, <c>faulted_in</c> (device page faults) into the device;
    /// <c>evicted</c>, <c>faulted_back</c> (CPU faults), <c>pinned_back</c> (long-term pins), <c>prefetched_out</c> (prefetches to
    /// system memory or, through it, to another GPU) out of it.</summary>
    public SortedDictionary<string, long> Bytes { get; } = new(StringComparer.Ordinal);

    /// <summary>Time the SDMA ring has taken on to copy, the part still ahead included.</summary>
    public long SdmaBusyPs { get; set; }

    /// <summary>When the ring's last copy taken on ends.</summary>
    public long SdmaBusyUntilPs { get; set; }

    /// <summary>Time the ring had spent copying at <paramref name="nowPs"/>: a copy counts as it runs, not when it is taken on.</summary>
    public long SdmaBusyAt(long nowPs) => SdmaBusyPs - Math.Max(0, SdmaBusyUntilPs - nowPs);

    /// <summary>Copy windows the ring ran.</summary>
    public long SdmaWindows { get; set; }

    /// <summary>Kernels run on it.</summary>
    public long Kernels { get; set; }

    /// <summary>Their time from launch to end, device page faults included.</summary>
    public long KernelPs { get; set; }

    /// <summary>Migrations to the device refused with -ENOSPC.</summary>
    public long Enospc { get; set; }

    /// <summary>Adds <paramref name="bytes"/> to counter <paramref name="name"/>.</summary>
    public void Add(string name, long bytes) => Bytes[name] = Bytes.GetValueOrDefault(name) + bytes;
}
