using System.Collections.Immutable;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>A caller of migrate_pages() that acts on a schedule rather than on faults or watermarks: the syscalls (move_pages(2),
/// migrate_pages(2), mbind(2)), DAMON's migrate_hot and migrate_cold schemes, and kcompactd. Each round it isolates folios through
/// the workload, pays its own per-folio work, makes one migrate_pages() call per source node (or per chunk where calls are
/// bounded), one after another on one thread, and pays its work after them; a round that is still running when the next is due
/// delays it.</summary>
/// <remarks>Protocol: <see cref="IsolateWhere"/> → <see cref="FoliosSelected"/>; per call <see cref="MovePages"/> →
/// <see cref="MovePagesDone"/>, then what <see cref="MigrationCompletion"/> sends. A round's latency (start to the last status
/// stored) is what a syscall returns after.</remarks>
public sealed class PlannedCaller : ActorBase
{
    private sealed record Round
    {
        public static readonly Round Instance = new();
    }

    private sealed record Continue
    {
        public static readonly Continue Instance = new();
    }

    private readonly CallerPlan _plan;
    private readonly IReadOnlyList<TieringWorkload> _workloads;
    private readonly Machine _machine;
    private readonly IActorRef _bus;
    private readonly CopyFlow _flow;
    private readonly TieringTelemetry _telemetry;
    private readonly CallerTasks _tasks;
    private readonly int _cpu;
    private readonly Queue<(int Source, int Target, ImmutableArray<RegionFolios> Folios)> _calls = new();
    private readonly int[] _cursor;
    private ImmutableArray<RegionFolios> _passed = [];
    private int _workload;
    private bool _running, _due, _finishing;
    private long _roundStartPs, _roundFolios;

    /// <summary>A caller doing <paramref name="plan"/> on <paramref name="workloads"/> (in turn), from <paramref name="cpu"/> of <paramref name="machine"/>.</summary>
    public PlannedCaller(CallerPlan plan, IReadOnlyList<TieringWorkload> workloads, int cpu, Machine machine, IActorRef bus, CopyFlow flow, TieringTelemetry telemetry)
    {
        _plan = plan;
        _workloads = workloads;
        _cpu = cpu;
        _machine = machine;
        _bus = bus;
        _flow = flow;
        _telemetry = telemetry;
        _tasks = new CallerTasks(machine);
        _cursor = new int[workloads.Count];
        Context.ScheduleTellOnce(plan.Start, Self, Round.Instance);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Round:
                if (_plan.Every is { } every) Context.ScheduleTellOnce(every, Self, Round.Instance);
                if (_running) _due = true;
                else StartRound();
                return true;
            case FoliosSelected selected:
                Selected(selected);
                return true;
            case Continue when _finishing:
                EndRound();
                return true;
            case Continue:
                NextCall();
                return true;
            case MovePagesDone done:
                var (source, target, _) = _calls.Dequeue();
                var w = _workloads[_workload];
                MigrationCompletion.Finish(_plan.Name, _machine, _bus, _telemetry, Self, w.Actor, w.Spec.FolioSize, source, target, _passed, done.Report, null);
                NextCall();
                return true;
            default:
                return false;
        }
    }

    private void StartRound()
    {
        _running = true;
        _roundStartPs = Context.Now().Picoseconds;
        var select = _plan.Sweep ? _plan.Select with { FromRegion = _cursor[_workload] } : _plan.Select;
        _workloads[_workload].Actor.Tell(select, Self);
    }

    private void Selected(FoliosSelected selected)
    {
        var w = _workloads[_workload];
        if (_plan.Sweep) _cursor[_workload] = selected.Isolated.IsEmpty ? 0 : selected.Isolated.Max(n => n.Folios.Max(f => f.Region)) + 1;
        _roundFolios = selected.Count;
        var perCall = _plan.PagesPerCall == 0 ? int.MaxValue : (int)Math.Max(1, (_plan.PagesPerCall + w.Spec.FolioSize.Pages - 1) / w.Spec.FolioSize.Pages);
        if (_plan.RunTargets is { } targets) QueueRuns(selected, targets);
        else
            foreach (var node in selected.Isolated)
                foreach (var chunk in Chunks(node.Folios, perCall))
                    _calls.Enqueue((node.Node, Target(node.Node), chunk));
        Spend(_plan.PerFolioBefore, _roundFolios);
    }

    /// <summary>do_pages_move(): entries in order, the target changing every RunLength of them; each run one call per node its
    /// folios sit on; folios already on their run's target are put back where they are.</summary>
    private void QueueRuns(FoliosSelected selected, IReadOnlyList<int> targets)
    {
        var entries = selected.Isolated.SelectMany(n => n.Folios.Select(f => (n.Node, f.Region, f.Count))).ToList();
        var run = new List<(int Node, RegionFolios Folios)>();
        var index = 0;
        foreach (var (node, region, count) in entries)
            for (var left = count; left > 0;)
            {
                var inRun = _plan.RunLength - index % _plan.RunLength;
                var take = Math.Min(left, inRun);
                run.Add((node, new RegionFolios(region, take)));
                left -= take;
                index += take;
                if (index % _plan.RunLength == 0) FlushRun(run, targets[(index - 1) / _plan.RunLength % targets.Count]);
            }
        if (run.Count > 0) FlushRun(run, targets[index / _plan.RunLength % targets.Count]);
    }

    private void FlushRun(List<(int Node, RegionFolios Folios)> run, int target)
    {
        foreach (var group in run.GroupBy(e => e.Node).OrderBy(g => g.Key))
        {
            var folios = group.Select(e => e.Folios).ToImmutableArray();
            if (group.Key == target) _workloads[_workload].Actor.Tell(new PutbackFolios(target, target, folios, 0, 0, 0), Self);
            else _calls.Enqueue((group.Key, target, folios));
        }
        run.Clear();
    }

    /// <summary>The folios cut into calls of at most <paramref name="perCall"/>, in order.</summary>
    private static IEnumerable<ImmutableArray<RegionFolios>> Chunks(ImmutableArray<RegionFolios> folios, int perCall)
    {
        var call = ImmutableArray.CreateBuilder<RegionFolios>();
        var inCall = 0;
        foreach (var (region, count) in folios)
        {
            var left = count;
            while (left > 0)
            {
                var take = Math.Min(left, perCall - inCall);
                call.Add(new RegionFolios(region, take));
                left -= take;
                if ((inCall += take) < perCall) continue;
                yield return call.ToImmutable();
                call.Clear();
                inCall = 0;
            }
        }
        if (inCall > 0) yield return call.ToImmutable();
    }

    private void NextCall()
    {
        if (!_calls.TryPeek(out var call))
        {
            _finishing = true;
            Spend(_plan.PerFolioAfter, _roundFolios);
            return;
        }
        var w = _workloads[_workload];
        var count = call.Folios.Sum(f => f.Count);
        (_passed, var pinned) = PinnedFolios.Last(call.Folios, w.Spec, Context.Now());
        _tasks.For(Context, _cpu, call.Source, call.Target)
            .Tell(new MovePages(count, w.Spec.FolioSize, _plan.Mode, _plan.Reason, _flow, 512, FaultInjection.None, pinned), Self);
    }

    private void EndRound()
    {
        _finishing = false;
        _running = false;
        if (_roundFolios > 0) _telemetry.Caller(_plan.Name).CallLatency.Add(Context.Now().Picoseconds - _roundStartPs);
        _workload = (_workload + 1) % _workloads.Count;
        if (_due)
        {
            _due = false;
            StartRound();
        }
    }

    private int Target(int source) => _plan.Target < 0 ? source : _plan.Target;

    /// <summary>The caller's own work on <paramref name="folios"/> folios, then <see cref="Continue"/>.</summary>
    private void Spend(SimTime perFolio, long folios)
    {
        var cost = SimTime.FromPicoseconds(perFolio.Picoseconds * folios);
        _telemetry.Caller(_plan.Name).CpuPs += cost.Picoseconds;
        Context.ScheduleTellOnce(cost, Self, Continue.Instance);
    }
}
