using System.Collections.Immutable;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>Wake up: an allocation (a promotion) found the node short of room.</summary>
public sealed record WakeKswapd;

/// <summary>One node's kswapd with demotion on: when the node's free memory is down to its low watermark it reclaims until it is
/// back above its high one (promo in tiering mode), each round isolating the coldest folios (SWAP_CLUSTER_MAX) and demoting them
/// with one migrate_pages() call (MR_DEMOTION, async) to the node memory-tiers.c chose.</summary>
/// <remarks>Demotion allocations never reclaim on the target: a full target fails the folios with -ENOMEM, and kswapd, having
/// freed nothing, backs off. The node's LRU is one list across its processes: a round asks every workload how cold its coldest
/// folio there is and takes the batch from the coldest. Protocol: <see cref="WatchFree"/> on its node;
/// <see cref="PeekColdFolios"/> → <see cref="ColdestFolio"/> from each workload; <see cref="IsolateColdFolios"/> → <see cref="ColdFoliosIsolated"/>;
/// <see cref="MovePages"/> → <see cref="MovePagesDone"/>; then <see cref="PutbackFolios"/>, <see cref="FreeFolios"/>,
/// <see cref="MigrationTraffic"/>.</remarks>
public sealed class Kswapd : ActorBase
{
    private const string Caller = "kswapd";

    private sealed record Retry
    {
        public static readonly Retry Instance = new();
    }

    private readonly int _node, _target, _cpu;
    private readonly long _wakeBelow, _balancedAt;
    private readonly IReadOnlyList<TieringWorkload> _workloads;
    private readonly Machine _machine;
    private readonly DemotionSettings _settings;
    private readonly TieringTelemetry _telemetry;
    private readonly IActorRef _bus;
    private readonly CopyFlow _flow;
    private readonly Dictionary<IActorRef, int> _index = [];
    private readonly double[] _coldest;
    private IActorRef? _task;
    private long _free;
    private bool _busy, _backingOff;
    private int _peeksDue;
    private (int Workload, ImmutableArray<RegionFolios> Folios, int Count)? _demoting;

    /// <summary>kswapd of <paramref name="node"/> on <paramref name="machine"/>'s host, demoting to <paramref name="target"/> from <paramref name="cpu"/>;
    /// it wakes at <paramref name="marks"/>' low watermark and stops above its high one, or above promo when <paramref name="toPromo"/>.</summary>
    public Kswapd(int node, int target, int cpu, Watermarks marks, bool toPromo, IReadOnlyList<TieringWorkload> workloads,
        Machine machine, DemotionSettings settings, IActorRef bus, CopyFlow flow, TieringTelemetry telemetry)
    {
        _node = node;
        _target = target;
        _cpu = cpu;
        _wakeBelow = marks.Low;
        _balancedAt = toPromo ? marks.Promo : marks.High;
        _workloads = workloads;
        _machine = machine;
        _settings = settings;
        _bus = bus;
        _flow = flow;
        _telemetry = telemetry;
        _coldest = new double[workloads.Count];
        for (var w = 0; w < workloads.Count; w++) _index[workloads[w].Actor] = w;
        machine.Nodes[node].Tell(new WatchFree(), Self);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case NodeFree free:
                _free = free.FreeBytes;
                if (_free <= _wakeBelow) Reclaim(); // the allocator wakes kswapd once free memory is down to the low watermark
                return true;
            case WakeKswapd:
                Reclaim();
                return true;
            case Retry:
                _backingOff = false;
                Reclaim();
                return true;
            case ColdestFolio coldest:
                _coldest[_index[Sender]] = coldest.AccessesPerSecond;
                if (--_peeksDue == 0) IsolateFromColdest();
                return true;
            case ColdFoliosIsolated cold:
                Isolated(_index[Sender], cold);
                return true;
            case MovePagesDone done:
                Demoted(done.Report);
                return true;
            default:
                return false;
        }
    }

    /// <summary>balance_pgdat(): one more round while the node is under its mark.</summary>
    private void Reclaim()
    {
        if (_busy || _backingOff || _free > _balancedAt || _workloads.Count == 0) return; // balanced: above the mark
        _busy = true;
        _peeksDue = _workloads.Count;
        foreach (var w in _workloads) w.Actor.Tell(new PeekColdFolios(_node), Self);
    }

    private void IsolateFromColdest()
    {
        var coldest = 0;
        for (var w = 1; w < _coldest.Length; w++)
            if (_coldest[w] < _coldest[coldest]) coldest = w;
        if (double.IsPositiveInfinity(_coldest[coldest]))
        {
            // Nothing left on the node to demote.
            _busy = false;
            BackOff();
            return;
        }
        _workloads[coldest].Actor.Tell(new IsolateColdFolios(_node, _settings.Batch), Self);
    }

    private void Isolated(int w, ColdFoliosIsolated cold)
    {
        if (cold.Isolated.IsEmpty)
        {
            _busy = false;
            BackOff();
            return;
        }
        var count = cold.Isolated.Sum(r => r.Count);
        var (list, pinned) = PinnedFolios.Last(cold.Isolated, _workloads[w].Spec, Context.Now());
        _demoting = (w, list, count);
        _task ??= new CallerTasks(_machine).For(Context, _cpu, _node, _target);
        _task.Tell(new MovePages(count, _workloads[w].Spec.FolioSize, MigrateMode.Async, MigrateReason.Demotion, _flow, 512, FaultInjection.None, pinned), Self);
    }

    private void Demoted(MigrationReport report)
    {
        var (w, folios, count) = _demoting!.Value;
        _demoting = null;
        _busy = false;
        var folio = _workloads[w].Spec.FolioSize;
        MigrationCompletion.Finish(Caller, _machine, _bus, _telemetry, Self, _workloads[w].Actor, folio, _node, _target, folios, report, "pgdemote_kswapd");
        if (report.Succeeded == 0)
        {
            BackOff();
            return;
        }
        // The node's own count follows; until it comes, what this round freed is known.
        _free += report.Succeeded * folio.Bytes;
        Reclaim();
    }

    private void BackOff()
    {
        _backingOff = true;
        Context.ScheduleTellOnce(_settings.Backoff, Self, Retry.Instance);
    }
}
