namespace ActorMigration.Actors.Migrate;

/// <summary>enum migrate_mode, reduced to what changes the flow: how many passes and whether locks may wait.</summary>
public enum MigrateMode
{
    /// <summary>MIGRATE_ASYNC: up to 10 passes, never blocks.</summary>
    Async,
    /// <summary>MIGRATE_SYNC: the batch once in async mode with 3 passes, then each leftover folio alone with 7 sync passes.</summary>
    Sync,
}

/// <summary>enum migrate_reason: who asked for the migration.</summary>
public enum MigrateReason
{
    /// <summary>MR_COMPACTION: memory compaction.</summary>
    Compaction,
    /// <summary>MR_MEMORY_FAILURE: hwpoison.</summary>
    MemoryFailure,
    /// <summary>MR_MEMORY_HOTPLUG: offlining memory.</summary>
    MemoryHotplug,
    /// <summary>MR_SYSCALL: move_pages(2), mbind(2), migrate_pages(2).</summary>
    Syscall,
    /// <summary>MR_MEMPOLICY_MBIND.</summary>
    MempolicyMbind,
    /// <summary>MR_NUMA_MISPLACED: NUMA balancing.</summary>
    NumaMisplaced,
    /// <summary>MR_CONTIG_RANGE: alloc_contig_range.</summary>
    ContigRange,
    /// <summary>MR_LONGTERM_PIN: moving pages out of movable zones before a long-term pin.</summary>
    LongtermPin,
    /// <summary>MR_DEMOTION: demotion of cold folios to a lower tier.</summary>
    Demotion,
    /// <summary>MR_DAMON: DAMON-driven migration.</summary>
    Damon,
}

/// <summary>Where the data copy happens in migrate_pages_batch().</summary>
public enum CopyFlow
{
    /// <summary>Upstream: each folio copied by the CPU inside the move phase, copy and remap interleaved.</summary>
    Vanilla,
    /// <summary>The RFC: unmap all, one flush, copy the whole batch through the active migrator, then move/remap all.</summary>
    BatchCopy,
}
