using System.Collections.Immutable;
using ActorMigration.Actors.Fabric;
using ActorMigration.Contracts.Units;
using Akka.Actor;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Actors.Migrate;

/// <summary>Migrate <paramref name="Folios"/> folios of <paramref name="FolioSize"/> to the target node: the migrating task's
/// migrate_pages() call. The task builds its own folio list from this; its last <paramref name="Pinned"/> folios are pinned
/// (a reference beyond what migration expects): each fails with -EAGAIN on every pass, so the call fails them.</summary>
public sealed record MovePages(int Folios, ByteSize FolioSize, MigrateMode Mode, MigrateReason Reason, CopyFlow Flow, int BatchPages, FaultInjection Faults,
    int Pinned = 0);

/// <summary>The call returned: its report.</summary>
public sealed record MovePagesDone(MigrationReport Report);

/// <summary>Probabilities of the unmap-phase outcomes, drawn per folio attempt from the seeded random source.</summary>
public sealed record FaultInjection(double Eagain = 0, double Ebusy = 0, double Enomem = 0, double MappingMismatch = 0)
{
    /// <summary>No injected faults.</summary>
    public static readonly FaultInjection None = new();
}

/// <summary>Copy these unmapped folios (the batch list of migrate_pages_batch()) through the migrator: one dispatch point.</summary>
/// <param name="Folios">Indices of the folios of the call in the batch list, in list order.</param>
/// <param name="FolioSize">The size of every folio.</param>
/// <param name="CallerCpu">The CPU of the migrating thread, which does the migrator's CPU-side work.</param>
/// <param name="TargetNode">The node the folios move to (dcbm prefers an engine there).</param>
/// <param name="Faults">Fault probabilities of the run.</param>
/// <param name="Route">The memory controllers and link between source and target, which every copy of the batch crosses.</param>
public sealed record CopyBatch(ImmutableArray<int> Folios, ByteSize FolioSize, int CallerCpu, int TargetNode, FaultInjection Faults, ResourceSet Route) : ITraceDigest
{
    /// <summary>True for 2 MiB THPs, each mapped by one PMD.</summary>
    public bool PmdMapped => FolioSize.Pages == FolioList.PmdPages;

    /// <summary>Bytes of the whole batch.</summary>
    public long Bytes => Folios.Length * FolioSize.Bytes;

    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine((ulong)Folios.Length, (ulong)CallerCpu);
}

/// <summary>Why a batch copy fell back to the per-folio CPU copy.</summary>
public enum CopyFallback
{
    /// <summary>No fallback: every folio of the batch was copied.</summary>
    None,
    /// <summary>The migrator found the batch too small (its size threshold).</summary>
    Declined,
    /// <summary>No engine could take the batch.</summary>
    NotSupported,
    /// <summary>Source and destination scatter-gather tables mapped to different entry counts.</summary>
    MappingMismatch,
    /// <summary>The engine's channels were held by another migration (trylock failed).</summary>
    ChannelBusy,
    /// <summary>A channel reported an error mid-batch; the folios it had not copied go to the CPU.</summary>
    ChannelError,
}

/// <summary>The batch copy returned: the folios it copied (indices of the call's folios, each once), why it fell back (if it
/// did), the CPU time it spent on the calling thread, how long data was actually moving (<paramref name="DataCopyPs"/>: setup
/// and wake-up excluded), the CPU time of copy workers, and the busy time of DMA channels.</summary>
public sealed record BatchCopied(ImmutableArray<int> Copied, CopyFallback Fallback, long CallerCpuPs, long DataCopyPs = 0, long WorkerCpuPs = 0, long ChannelBusyPs = 0) : ITraceDigest
{
    /// <summary>A batch copy that copied nothing and fell back for <paramref name="fallback"/>.</summary>
    public static BatchCopied Nothing(CopyFallback fallback) => new([], fallback, 0);

    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine(StableHash.Combine(StableHash.Combine((ulong)Copied.Length, (ulong)Fallback), (ulong)CallerCpuPs), (ulong)DataCopyPs);
}

/// <summary>Register <paramref name="Migrator"/> as the active migrator for the reasons in <paramref name="Reasons"/> (the core's policy).</summary>
public sealed record RegisterMigrator(IActorRef Migrator, IReadOnlySet<MigrateReason> Reasons);

/// <summary>The registration answer: <see cref="Errno.Success"/>, or <see cref="Errno.EBUSY"/> when a migrator is already active.</summary>
public sealed record MigratorRegistered(Errno Result);

/// <summary>Unregister the active migrator; answered with <see cref="MigratorUnregistered"/> only once no batch that may use it is in flight.</summary>
public sealed record UnregisterMigrator(IActorRef Migrator);

/// <summary>The migrator is gone and no batch uses it any more: its driver may go away.</summary>
public sealed record MigratorUnregistered(IActorRef Migrator);

/// <summary>The read side of the registry (an SRCU read lock): which migrator may copy a batch for <paramref name="Reason"/>.</summary>
public sealed record AcquireMigrator(MigrateReason Reason);

/// <summary>The migrator to use, or null for the per-folio CPU copy (none registered, reason not allowed, or unregistering).</summary>
public sealed record MigratorLease(IActorRef? Migrator);

/// <summary>Ends the read side taken by <see cref="AcquireMigrator"/> once the batch copy is over.</summary>
public sealed record ReleaseMigrator(IActorRef Migrator);
