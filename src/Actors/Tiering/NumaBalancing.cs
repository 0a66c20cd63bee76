using System.Collections.Immutable;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Randomness;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>NUMA balancing in memory tiering mode on one host: task_numa_work() scanning each workload's address space a window
/// at a time, hint faults on the folios it marked off the top tier, should_numa_migrate_memory() (free space, hot threshold,
/// promotion rate limit, the threshold's own adjustment, per target node as the kernel keeps them in pglist_data) and
/// migrate_misplaced_folio(): one folio per migrate_pages() call, made by the faulting thread.</summary>
/// <remarks>Hint faults are drawn, not simulated access by access: when a window is marked, each marked folio of a region touched
/// λ times a second faults within the scan cycle with probability 1 − e^(−λ·cycle), after an exponential wait (its hint-fault
/// latency). Faults are handled at their times, in order. Protocol: <see cref="ScanWindow"/> → <see cref="WindowScanned"/>;
/// per promotion <see cref="IsolateFolios"/> → <see cref="FoliosIsolated"/>, <see cref="MovePages"/> to one of the workload's
/// threads' migrating tasks → <see cref="MovePagesDone"/>, then <see cref="PutbackFolios"/> to the workload,
/// <see cref="FreeFolios"/> to the source node and <see cref="MigrationTraffic"/> to the bus. A target short of room wakes its kswapd.</remarks>
public sealed class NumaBalancing : ActorBase
{
    private const string Caller = "numa_balancing";

    private sealed record ScanTick(int Workload);

    private sealed record FaultsDue
    {
        public static readonly FaultsDue Instance = new();
    }

    private readonly record struct HintFault(int Workload, int Region, int Node, long LatencyPs);

    private readonly record struct Promotion(int Workload, int Region, int Source);

    /// <summary>pglist_data's promotion state of one top-tier node.</summary>
    private sealed class TargetNode(long capacity, Watermarks marks)
    {
        public readonly long Capacity = capacity;
        public readonly Watermarks Marks = marks;
        public long Free;
        public long Candidates, RateLimitBase, ThresholdBase, ThresholdStartPs, ThresholdPs;

        /// <summary>nbp_rl_start: long past, as the kernel's zeroed one is against its jiffies clock, so the first candidate opens
        /// the first window.</summary>
        public long RateLimitStartPs = long.MinValue / 2;
    }

    private sealed class Thread(int cpu)
    {
        public readonly int Cpu = cpu;
        public readonly Queue<Promotion> Queue = new();
        public Promotion? Current;
    }

    private readonly Machine _machine;
    private readonly NumaBalancingSettings _settings;
    private readonly TieringTelemetry _telemetry;
    private readonly IActorRef _bus;
    private readonly IReadOnlyList<TieringWorkload> _workloads;
    private readonly IReadOnlyDictionary<int, IActorRef> _kswapd;
    private readonly CopyFlow _flow;
    private readonly Dictionary<int, TargetNode> _targets = [];
    private readonly Dictionary<IActorRef, int> _workloadIndex = [];
    private readonly Dictionary<IActorRef, Thread> _threadOfTask = [];
    private readonly CallerTasks _tasks;
    private readonly Thread[][] _threads;
    private readonly int[] _scanCursor, _nextThread;
    private readonly SimTime[] _window;
    private readonly PriorityQueue<HintFault, (long TimePs, long Seq)> _faults = new();
    private readonly SimRandom _random;
    private long _faultSeq;
    private long _wakeAtPs = -1;

    /// <summary>NUMA balancing of the <paramref name="workloads"/> of <paramref name="machine"/>'s host; <paramref name="targets"/> are the top-tier
    /// nodes promotion aims at, with their sizes and watermarks, <paramref name="kswapd"/> their kswapd where demotion is on.</summary>
    public NumaBalancing(Machine machine, NumaBalancingSettings settings, IReadOnlyList<TieringWorkload> workloads,
        IReadOnlyDictionary<int, (long Capacity, Watermarks Marks)> targets, IReadOnlyDictionary<int, IActorRef> kswapd, IActorRef bus,
        CopyFlow flow, TieringTelemetry telemetry)
    {
        _machine = machine;
        _settings = settings;
        _workloads = workloads;
        _kswapd = kswapd;
        _bus = bus;
        _flow = flow;
        _telemetry = telemetry;
        _random = Context.Random().Fork("hint-faults");
        _tasks = new CallerTasks(machine);
        foreach (var (node, (capacity, marks)) in targets) _targets[node] = new TargetNode(capacity, marks);
        _threads = workloads.Select(w => Enumerable.Range(0, w.Spec.Threads).Select(t => new Thread(w.Cpus[t % w.Cpus.Count])).ToArray()).ToArray();
        _scanCursor = new int[workloads.Count];
        _nextThread = new int[workloads.Count];
        _window = workloads.Select(w => settings.ScanWindow(w.Spec.WorkingSet.Bytes)).ToArray();
        for (var w = 0; w < workloads.Count; w++)
        {
            _workloadIndex[workloads[w].Actor] = w;
            if (settings.RandomScanStart) _scanCursor[w] = _random.Next(workloads[w].Spec.Regions);
            Context.ScheduleTellOnce(_window[w], Self, new ScanTick(w));
        }
        foreach (var node in _targets.Keys.Order()) machine.Nodes[node].Tell(new WatchFree(), Self);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case ScanTick tick:
                var scanFolios = _settings.ScanSize.Bytes / _workloads[tick.Workload].Spec.FolioSize.Bytes;
                _workloads[tick.Workload].Actor.Tell(new ScanWindow(_scanCursor[tick.Workload], Math.Max(1, scanFolios)), Self);
                Context.ScheduleTellOnce(_window[tick.Workload], Self, tick);
                return true;
            case WindowScanned scanned:
                Marked(_workloadIndex[Sender], scanned);
                return true;
            case FaultsDue:
                _wakeAtPs = -1;
                HandleDueFaults();
                return true;
            case NodeFree free:
                _targets[free.Node].Free = free.FreeBytes;
                return true;
            case FoliosIsolated isolated:
                if (isolated.Count > 0) Enqueue(_workloadIndex[Sender], new Promotion(_workloadIndex[Sender], isolated.Region, isolated.Node));
                return true;
            case MovePagesDone done:
                Promoted(_threadOfTask[Sender], done.Report);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A window was marked: draw which of its folios fault within a scan cycle, and when.</summary>
    private void Marked(int w, WindowScanned scanned)
    {
        _scanCursor[w] = scanned.NextRegion;
        var spec = _workloads[w].Spec;
        var cycle = _window[w].TotalSeconds * Math.Max(1.0, (double)spec.WorkingSet.Bytes / _settings.ScanSize.Bytes);
        var now = Context.Now().Picoseconds;
        foreach (var m in scanned.Marked)
        {
            var faults = Sampling.Binomial(_random, m.Folios, 1 - Math.Exp(-m.AccessesPerSecond * cycle));
            for (var i = 0; i < faults; i++)
            {
                var latencyPs = (long)(Sampling.FirstAccessWithin(_random, m.AccessesPerSecond, cycle) * 1e12);
                _faults.Enqueue(new HintFault(w, m.Region, m.Node, latencyPs), (now + latencyPs, _faultSeq++));
            }
        }
        WakeForFaults();
    }

    private void WakeForFaults()
    {
        if (!_faults.TryPeek(out _, out var due) || (_wakeAtPs >= 0 && _wakeAtPs <= due.TimePs)) return;
        _wakeAtPs = due.TimePs;
        Context.ScheduleTellOnce(SimTime.FromPicoseconds(due.TimePs - Context.Now().Picoseconds), Self, FaultsDue.Instance);
    }

    private void HandleDueFaults()
    {
        var now = Context.Now().Picoseconds;
        while (_faults.TryPeek(out var fault, out var due) && due.TimePs <= now)
        {
            _faults.Dequeue();
            DoNumaPageFault(fault, now);
        }
        WakeForFaults();
    }

    /// <summary>do_numa_page(): count the fault, ask should_numa_migrate_memory(), then isolate the folio for its thread.</summary>
    private void DoNumaPageFault(HintFault fault, long now)
    {
        var w = _workloads[fault.Workload];
        var pages = w.Spec.FolioSize.Pages;
        _telemetry.Node(fault.Node).Add("numa_hint_faults", pages);
        var target = _targets[w.LocalNode];
        if (!ShouldNumaMigrateMemory(target, w.LocalNode, fault.LatencyPs, pages, now)) return;
        // numamigrate_isolate_folio(): the target must stay above its high watermark after the folio (migrate_balanced_pgdat():
        // free > high + the folio's pages), else kswapd is woken and the folio stays.
        if (target.Free - w.Spec.FolioSize.Bytes <= target.Marks.High)
        {
            if (_kswapd.TryGetValue(w.LocalNode, out var kswapd)) kswapd.Tell(new WakeKswapd(), Self);
            return;
        }
        w.Actor.Tell(new IsolateFolios(fault.Region, fault.Node, 1), Self);
    }

    private bool ShouldNumaMigrateMemory(TargetNode target, int node, long latencyPs, long pages, long now)
    {
        // pgdat_free_space_enough(): with plenty of room every accessed folio is promoted, and the threshold starts over.
        if (target.Free > target.Marks.Promo + Math.Max(1L << 30, target.Capacity / 16))
        {
            target.ThresholdPs = 0;
            return true;
        }
        AdjustThreshold(target, now);
        var threshold = target.ThresholdPs != 0 ? target.ThresholdPs : _settings.HotThreshold.Picoseconds;
        if (latencyPs >= threshold) return false;
        // numa_promotion_rate_limit(): candidates counted per node, at most the limit's worth per second.
        target.Candidates += pages;
        _telemetry.Node(node).Add("pgpromote_candidate", pages);
        if (now - target.RateLimitStartPs > SimTime.FromMilliseconds(1000).Picoseconds)
        {
            target.RateLimitStartPs = now;
            target.RateLimitBase = target.Candidates;
        }
        return target.Candidates - target.RateLimitBase < RateLimitPages;
    }

    /// <summary>numa_promotion_adjust_threshold(): once a period, the hot threshold steps toward the rate limit's worth of candidates.</summary>
    private void AdjustThreshold(TargetNode target, long now)
    {
        var period = _settings.AdjustPeriod.Picoseconds;
        if (now - target.ThresholdStartPs <= period) return;
        var reference = _settings.HotThreshold.Picoseconds;
        var expected = RateLimitPages * _settings.AdjustPeriod.TotalSeconds;
        var seen = target.Candidates - target.ThresholdBase;
        var unit = reference * 2 / 16;
        var threshold = target.ThresholdPs != 0 ? target.ThresholdPs : reference;
        if (seen > expected * 11 / 10) threshold = Math.Max(threshold - unit, unit);
        else if (seen < expected * 9 / 10) threshold = Math.Min(threshold + unit, reference * 2);
        target.ThresholdBase = target.Candidates;
        target.ThresholdPs = threshold;
        target.ThresholdStartPs = now;
    }

    private double RateLimitPages => _settings.PromoteRateLimitBytesPerSec / ByteSize.Page.Bytes;

    /// <summary>The isolated folio goes to the next of the workload's threads: each migrates one folio after another.</summary>
    private void Enqueue(int w, Promotion promotion)
    {
        var thread = _threads[w][_nextThread[w]++ % _threads[w].Length];
        thread.Queue.Enqueue(promotion);
        if (thread.Current is null) MigrateNext(thread);
    }

    private void MigrateNext(Thread thread)
    {
        if (!thread.Queue.TryDequeue(out var p))
        {
            thread.Current = null;
            return;
        }
        thread.Current = p;
        var w = _workloads[p.Workload];
        var task = _tasks.For(Context, thread.Cpu, p.Source, w.LocalNode);
        _threadOfTask[task] = thread;
        var pinned = w.Spec.Pin?.Holds(p.Region, Context.Now()) == true ? 1 : 0;
        task.Tell(new MovePages(1, w.Spec.FolioSize, MigrateMode.Async, MigrateReason.NumaMisplaced, _flow, 512, FaultInjection.None, pinned), Self);
    }

    private void Promoted(Thread thread, MigrationReport report)
    {
        var p = thread.Current!.Value;
        var w = _workloads[p.Workload];
        MigrationCompletion.Finish(Caller, _machine, _bus, _telemetry, Self, w.Actor, w.Spec.FolioSize, p.Source, w.LocalNode, [new RegionFolios(p.Region, 1)], report, "pgpromote_success");
        MigrateNext(thread);
    }
}
