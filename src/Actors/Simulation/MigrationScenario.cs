using ActorMigration.Actors.Migrate;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Simulation;

/// <summary>Which copy path a run exercises.</summary>
public enum CopyMode
{
    /// <summary>Upstream kernel: per-folio CPU copy inside the move phase.</summary>
    Vanilla,
    /// <summary>Batch-copy path with the kernel's default migrator (serial CPU copy of the batch).</summary>
    Batch,
    /// <summary>Batch-copy path with the multi-threaded CPU migrator.</summary>
    MtCopy,
    /// <summary>Batch-copy path with the DMA migrator.</summary>
    Dcbm,
}

/// <summary>Where mtcopy's worker threads run.</summary>
public enum WorkerPlacement
{
    /// <summary>Consecutive logical CPUs: SMT siblings share a core pair (the measured configuration).</summary>
    Packed,
    /// <summary>One worker per physical core.</summary>
    Spread,
}

/// <summary>One migration run: a machine, a copy path, the folios to move and how, and the seed.</summary>
public sealed record MigrationScenario
{
    /// <summary>The machine.</summary>
    public required PlatformProfile Platform { get; init; }

    /// <summary>The copy path.</summary>
    public required CopyMode Mode { get; init; }

    /// <summary>mtcopy threads or dcbm channels (ignored by vanilla and batch).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>dcbm: only engines of this kind (null: any, preferring the destination node's).</summary>
    public EngineKind? Engine { get; init; }

    /// <summary>Folio size.</summary>
    public required ByteSize FolioSize { get; init; }

    /// <summary>Number of folios to migrate.</summary>
    public required int Folios { get; init; }

    /// <summary>NR_MAX_BATCHED_MIGRATION: base pages per migrate_pages_batch() call.</summary>
    public int BatchPages { get; init; } = 512;

    /// <summary>Why the pages move (MR_SYSCALL for move_pages).</summary>
    public MigrateReason Reason { get; init; } = MigrateReason.Syscall;

    /// <summary>Sync (move_pages) or async (NUMA balancing, demotion...).</summary>
    public MigrateMode MigrateMode { get; init; } = MigrateMode.Sync;

    /// <summary>Reasons the active migrator serves (null: all).</summary>
    public IReadOnlySet<MigrateReason>? MigratorReasons { get; init; }

    /// <summary>mtcopy worker placement.</summary>
    public WorkerPlacement Placement { get; init; } = WorkerPlacement.Packed;

    /// <summary>Injected unmap-phase faults.</summary>
    public FaultInjection Faults { get; init; } = FaultInjection.None;

    /// <summary>Source NUMA node.</summary>
    public int SourceNode { get; init; }

    /// <summary>Target NUMA node.</summary>
    public int TargetNode { get; init; } = 1;

    /// <summary>The logical CPU of the migrating thread.</summary>
    public int TaskCpu { get; init; }

    /// <summary>The seed of every random stream in the run.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Total bytes to migrate.</summary>
    public long TotalBytes => (long)Folios * FolioSize.Bytes;

    /// <summary>The migrator this run registers.</summary>
    public CopySetting Copy => new(Mode, Workers, Engine, Placement, TaskCpu);

    // What a run holds in memory beyond the process's own: its actor system and machine; per folio the state of the folio list
    // (errno, two flags, unmap and remap times: 22 B) and its inaccessible time (a growing list, then a sorted copy: up to
    // 24 B); per folio of one batch the pass bookkeeping and copy requests. Measured peaks at 4K, whole process: 85 MB for
    // 262,144 folios, 110 MB for 1 Mi, 213-232 MB for 4 Mi (35-40 B per folio beyond ~75 MB); the estimate stays above them.
    private const long RunBaseBytes = 16L << 20;
    private const long BytesPerFolio = 48;
    private const long BytesPerBatchFolio = 64;

    /// <summary>An upper estimate of the memory the run needs beyond the process's own, to refuse one that cannot fit before it starts.</summary>
    public long EstimatedMemoryBytes => RunBaseBytes + Folios * BytesPerFolio + Math.Min(Folios, Math.Max(1L, BatchPages / (FolioSize.Bytes / 4096))) * BytesPerBatchFolio;

    /// <summary>The one check of a scenario before it runs, for the program and the tests alike: null when it can run.</summary>
    public ScenarioProblem? Validate()
    {
        var mode = Mode.ToString().ToLowerInvariant();
        // Vanilla and batch have no workers: 0 there, as in the measurement files' key column.
        if (Mode is CopyMode.Vanilla or CopyMode.Batch && Workers != 0)
            return new("workers", $"{mode} copies on the migrating task itself: workers are mtcopy's threads or dcbm's channels, got {Workers}");
        if (Mode is CopyMode.MtCopy or CopyMode.Dcbm && Workers is < 1 or > 1024) return new("workers", $"expected 1 to 1024 for {mode}, got {Workers}");
        if (Folios < 1) return new("folios", $"expected at least 1, got {Folios}");
        if (BatchPages < 1) return new("batch-pages", $"expected at least 1, got {BatchPages}");
        foreach (var (key, p) in new[] { ("eagain", Faults.Eagain), ("ebusy", Faults.Ebusy), ("enomem", Faults.Enomem), ("mapping-mismatch", Faults.MappingMismatch) })
            if (!(p >= 0 && p <= 1)) return new(key, $"expected a probability from 0 to 1, got {p}");
        foreach (var node in new[] { SourceNode, TargetNode })
            if (Platform.Nodes.All(n => n.Id != node))
                return new("platform", $"platform {Platform.Name} has no memory node {node}: a run migrates from node {SourceNode} to node {TargetNode} (nodes: {string.Join(", ", Platform.Nodes.Select(n => n.Id))})");
        if (Mode == CopyMode.Dcbm && !Platform.Engines.Any(e => Engine is null || e.Kind == Engine))
            return new("engine", $"platform {Platform.Name} has no {Engine?.ToString().ToLowerInvariant() ?? "DMA"} engine");
        return null;
    }
}
