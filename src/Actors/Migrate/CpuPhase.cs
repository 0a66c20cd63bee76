namespace ActorMigration.Actors.Migrate;

/// <summary>The parts of migrate_pages() that the migrating thread's CPU time is reported by.</summary>
public enum CpuPhase
{
    /// <summary>Per-call fixed work: move_pages' LRU drain and page-list walk, the migrate_pages() entry.</summary>
    Call,
    /// <summary>migrate_folio_unmap() attempts, and each batch call's setup.</summary>
    Unmap,
    /// <summary>try_to_unmap_flush().</summary>
    Flush,
    /// <summary>Data copies on the thread: per-folio copies, and the thread's share of a batch copy.</summary>
    Copy,
    /// <summary>migrate_folio_move() without the copy: move_to_new_folio() bookkeeping, remove_migration_ptes(), migrate_folio_done().</summary>
    Move,
}
