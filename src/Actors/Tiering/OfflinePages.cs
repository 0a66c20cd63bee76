using System.Collections.Immutable;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>Where offlining may put a node's folios: a node and its min watermark, in the source node's zonelist order.</summary>
public sealed record OfflineTarget(int Node, long MinFreeBytes);

/// <summary>offline_pages() over all of one node's memory blocks, written to sysfs at a virtual time: the memory hotplug caller of
/// migrate_pages(). It isolates the range (start_isolate_page_range(): a node with CPUs holds the kernel's unmovable allocations,
/// so isolation fails there with -EBUSY before anything moves), then loops as the kernel does: scan_movable_pages() over the range
/// and do_migrate_range() on what it finds, one MIGRATE_SYNC, MR_MEMORY_HOTPLUG call per process holding folios there, each to the
/// nearest node (alloc_migration_target(): the source's zonelist without the source, SysRAM nodes only) with room above its min
/// watermark. When a scan finds nothing the node is offline (it stays isolated: nothing is allocated there again). A pinned folio
/// fails every call and is found again by the next scan, so the loop goes on until a signal ends it (-EINTR, "signal backoff", at
/// the event's timeout): then the range is given back to the allocator and what was migrated stays migrated.</summary>
/// <remarks>Protocol: <see cref="IsolateNode"/> to the node; per round and process <see cref="IsolateWhere"/> → <see cref="FoliosSelected"/>;
/// <see cref="MovePages"/> → <see cref="MovePagesDone"/>, then what <see cref="MigrationCompletion"/> sends; <see cref="WatchFree"/>
/// on every target → <see cref="NodeFree"/>; at the end <see cref="UndoIsolateNode"/> if it failed.</remarks>
public sealed class OfflinePages : ActorBase
{
    private const string Caller = "memory_hotplug";

    private sealed record Start
    {
        public static readonly Start Instance = new();
    }

    private readonly int _node, _cpu;
    private readonly bool _hasUnmovable;
    private readonly SimTime? _timeout;
    private readonly IReadOnlyList<OfflineTarget> _targets;
    private readonly Dictionary<int, long> _free = [];
    private readonly IReadOnlyList<TieringWorkload> _workloads;
    private readonly Machine _machine;
    private readonly IActorRef _bus;
    private readonly CopyFlow _flow;
    private readonly TieringTelemetry _telemetry;
    private readonly CallerTasks _tasks;
    private readonly OfflineCounters _counters;
    private ImmutableArray<RegionFolios> _passed = [];
    private int _workload, _target;
    private long _found, _migrated;

    /// <summary>The offline of <paramref name="node"/> at <paramref name="at"/>, from <paramref name="cpu"/> of <paramref name="machine"/>'s host,
    /// given up at <paramref name="timeout"/> after it starts (null: never); <paramref name="hasUnmovable"/>: the node holds unmovable pages.</summary>
    public OfflinePages(int node, bool hasUnmovable, SimTime at, SimTime? timeout, IReadOnlyList<OfflineTarget> targets, IReadOnlyList<TieringWorkload> workloads,
        int cpu, Machine machine, IActorRef bus, CopyFlow flow, TieringTelemetry telemetry)
    {
        _node = node;
        _hasUnmovable = hasUnmovable;
        _timeout = timeout;
        _targets = targets;
        _workloads = workloads;
        _cpu = cpu;
        _machine = machine;
        _bus = bus;
        _flow = flow;
        _telemetry = telemetry;
        _tasks = new CallerTasks(machine);
        _counters = new OfflineCounters(node, at.Picoseconds);
        telemetry.Offlines.Add(_counters);
        foreach (var t in targets) machine.Nodes[t.Node].Tell(new WatchFree(), Self);
        Context.ScheduleTellOnce(at, Self, Start.Instance);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case NodeFree free:
                _free[free.Node] = free.FreeBytes;
                return true;
            case Start when _hasUnmovable:
                End("EBUSY", "failure to isolate range");
                return true;
            case Start:
                _counters.Result = "retrying";
                _machine.Nodes[_node].Tell(new IsolateNode(), Self);
                Round();
                return true;
            case FoliosSelected selected:
                Selected(selected);
                return true;
            case MovePagesDone done:
                var w = _workloads[_workload];
                MigrationCompletion.Finish(Caller, _machine, _bus, _telemetry, Self, w.Actor, w.Spec.FolioSize, _node, _target, _passed, done.Report, null);
                _migrated += done.Report.Succeeded;
                _counters.Migrated += done.Report.Succeeded;
                _workload++;
                NextWorkload();
                return true;
            default:
                return false;
        }
    }

    /// <summary>One scan_movable_pages() / do_migrate_range() pass over the range: every process's folios there, in turn.</summary>
    private void Round()
    {
        _counters.Rounds++;
        _workload = 0;
        _found = _migrated = 0;
        NextWorkload();
    }

    private void NextWorkload()
    {
        if (_workload == _workloads.Count)
        {
            RoundDone();
            return;
        }
        var folio = _workloads[_workload].Spec.FolioSize.Bytes;
        // The nearest node with a folio's room above its min watermark; with none, the nearest, whose allocations then fail (-ENOMEM).
        var target = _targets.FirstOrDefault(t => _free.GetValueOrDefault(t.Node) - t.MinFreeBytes >= folio) ?? _targets[0];
        _target = target.Node;
        var room = _free.GetValueOrDefault(target.Node) - target.MinFreeBytes;
        var max = room >= folio ? room / folio : long.MaxValue;
        _workloads[_workload].Actor.Tell(new IsolateWhere(0, int.MaxValue, _node, -1, 0, double.PositiveInfinity, SelectOrder.Address, max), Self);
    }

    private void Selected(FoliosSelected selected)
    {
        if (selected.Count == 0)
        {
            _workload++;
            NextWorkload();
            return;
        }
        var w = _workloads[_workload];
        var folios = selected.Isolated.Single(n => n.Node == _node).Folios;
        _found += selected.Count;
        (_passed, var pinned) = PinnedFolios.Last(folios, w.Spec, Context.Now());
        _tasks.For(Context, _cpu, _node, _target)
            .Tell(new MovePages((int)selected.Count, w.Spec.FolioSize, MigrateMode.Sync, MigrateReason.MemoryHotplug, _flow, 512, FaultInjection.None, pinned), Self);
    }

    private void RoundDone()
    {
        if (_found == 0)
        {
            // -ENOENT from the scan: nothing movable is left; the range stays isolated, offline.
            End("offlined", "");
            return;
        }
        _counters.FoliosLeft = _found - _migrated;
        if (_timeout is { } timeout && Context.Now().Picoseconds - _counters.AtPs >= timeout.Picoseconds)
        {
            _machine.Nodes[_node].Tell(new UndoIsolateNode(), Self);
            End("EINTR", "signal backoff");
            return;
        }
        Round();
    }

    private void End(string result, string reason)
    {
        _counters.Result = result;
        _counters.Reason = reason;
        _counters.EndPs = Context.Now().Picoseconds;
        if (result == "offlined") _counters.FoliosLeft = 0;
    }
}
