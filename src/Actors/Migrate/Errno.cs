namespace ActorMigration.Actors.Migrate;

/// <summary>The outcomes of migrating one folio, with the kernel's errno meanings.</summary>
public enum Errno : short
{
    /// <summary>Migrated.</summary>
    Success = 0,
    /// <summary>-EAGAIN: transient (folio lock contended, refcount raised); retried in the next pass.</summary>
    EAGAIN = 11,
    /// <summary>-ENOMEM: no destination folio; unmapping stops and the rest of the call fails.</summary>
    ENOMEM = 12,
    /// <summary>-EBUSY: permanent for this call (writeback in a non-sync mode).</summary>
    EBUSY = 16,
    /// <summary>-ENOSPC: device memory could not be reserved (amdkfd's reservation limit).</summary>
    ENOSPC = 28,
}
