using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tiering;

namespace ActorMigration.Actors.Gpu;

/// <summary>Copy <paramref name="Pages"/> base pages on the SDMA ring.</summary>
public sealed record SdmaCopy(long Pages);

/// <summary>The last fence of a copy signalled: <paramref name="Pages"/> copied in <paramref name="Windows"/> windows.</summary>
public sealed record SdmaFence(long Pages, int Windows);

/// <summary>What started a migration of device memory (amdkfd's KFD_MIGRATE_TRIGGER_*, and a long-term pin).</summary>
public enum SvmTrigger
{
    /// <summary>KFD_MIGRATE_TRIGGER_PREFETCH: an application's prefetch (hipMemPrefetchAsync).</summary>
    Prefetch,
    /// <summary>KFD_MIGRATE_TRIGGER_PAGEFAULT_GPU: the GPU touched a page that is not in its memory.</summary>
    PagefaultGpu,
    /// <summary>KFD_MIGRATE_TRIGGER_PAGEFAULT_CPU: a CPU faulted on device memory (migrate_to_ram).</summary>
    PagefaultCpu,
    /// <summary>KFD_MIGRATE_TRIGGER_TTM_EVICTION: device memory is short, so resident pages go back to system memory.</summary>
    TtmEviction,
    /// <summary>A FOLL_LONGTERM pin (mm/gup.c): device pages must not be pinned, so they move to system memory first, copied by the CPU.</summary>
    LongtermPin,
}

/// <summary>Migrate folios [<paramref name="FirstFolio"/>, + <paramref name="Folios"/>) of <paramref name="Workload"/>'s address space
/// to <paramref name="Location"/> (a device-coherent node, or a system memory node) for <paramref name="Trigger"/>: a prefetch's
/// range, a fault's aligned range, a pin's range.</summary>
public sealed record SvmMigrate(SvmTrigger Trigger, TieringWorkload Workload, long FirstFolio, long Folios, int Location);

/// <summary>The migration asked for is done: <paramref name="Pages"/> base pages moved; <paramref name="Result"/> is
/// <see cref="Errno.Success"/>, -ENOSPC (device memory could not be reserved, even after eviction), -ENOMEM (no system memory)
/// or -EBUSY (a pin found a device page it could not collect).</summary>
public sealed record SvmMigrated(SvmTrigger Trigger, long FirstFolio, long Pages, Errno Result);
