using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tiering;

/// <summary>What a caller that migrates on a schedule does each round: which folios it takes, how it passes them to
/// migrate_pages(), and what it costs around the calls.</summary>
/// <param name="Name">The caller's name in reports (move_pages, mbind, damon_migrate_hot, kcompactd...).</param>
/// <param name="Reason">Its migrate_reason.</param>
/// <param name="Mode">Its migrate_mode.</param>
/// <param name="Start">When its first round starts.</param>
/// <param name="Every">Time between rounds; null: one round.</param>
/// <param name="Select">The folios a round isolates (from its workload, or from each of its workloads in turn).</param>
/// <param name="Target">Where they go; -1: where they are (compaction moves folios within their node).</param>
/// <param name="PagesPerCall">The most base pages one migrate_pages() call takes: isolation stops once a call holds this many
/// (COMPACT_CLUSTER_MAX = 32 for compaction), so a call has at least one folio; 0: no bound.</param>
/// <param name="Sweep">True when each round starts where the last one's selection stopped (compaction's migrate scanner).</param>
/// <param name="PerFolioBefore">The caller's own work per folio before migrate_pages() (move_pages: finding and isolating the entry).</param>
/// <param name="PerFolioAfter">The caller's own work per folio after it (move_pages: storing the entry's status).</param>
/// <param name="RunTargets">move_pages(2) with entries for several nodes: the entries go to these in turn, <paramref name="RunLength"/>
/// at a time, and each run is passed to migrate_pages() when the target changes (do_pages_move()); entries already on their
/// target stay. Null: every folio goes to <paramref name="Target"/>.</param>
/// <param name="RunLength">Entries per run.</param>
public sealed record CallerPlan(string Name, MigrateReason Reason, MigrateMode Mode, SimTime Start, SimTime? Every, IsolateWhere Select, int Target,
    int PagesPerCall, bool Sweep, SimTime PerFolioBefore, SimTime PerFolioAfter, IReadOnlyList<int>? RunTargets = null, int RunLength = 0);
