using System.Collections.Immutable;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Workloads;

/// <summary>One of a host's memory nodes as a workload on it sees it.</summary>
/// <param name="Id">The node id.</param>
/// <param name="Latency">Idle load-to-use latency from the workload's socket.</param>
/// <param name="TopTier">True for a node of the top tier (promotion aims there, the tiering scanner skips it).</param>
/// <param name="Device">True for device-coherent memory: ZONE_DEVICE pages are on no LRU, so the kernel's callers (NUMA balancing,
/// move_pages, DAMON, compaction) never isolate them; only the GPU driver's migrate_vma collects them.</param>
public sealed record HostNode(int Id, SimTime Latency, bool TopTier, bool Device = false);

/// <summary>What a workload is wired to.</summary>
/// <param name="Nodes">The host's nodes, in the host's order (the slots of its <see cref="RegionMap"/>).</param>
/// <param name="Placement">Where first touch put its folios, in address order: so many folios on each slot in turn.</param>
/// <param name="Bus">The host's <see cref="MemoryBus"/>.</param>
/// <param name="Epoch">The accounting step.</param>
/// <param name="Telemetry">Where it counts its accesses.</param>
public sealed record WorkloadSetup(IReadOnlyList<HostNode> Nodes, IReadOnlyList<(int Slot, long Folios)> Placement, IActorRef Bus, SimTime Epoch,
    TieringTelemetry Telemetry);

/// <summary>A process touching its working set: accesses are settled per epoch over regions (a region's share of them comes from
/// its popularity, the node it hits from where its folios sit), never one by one. It owns its address space: the kernel's callers
/// isolate and put back folios through it, and a folio under migration costs it the wait for its remap.</summary>
/// <remarks>Protocol: a timer per epoch → <see cref="NodeTraffic"/> to the bus; <see cref="NodeLoad"/> from the bus sets the
/// next epoch's latencies; <see cref="ScanWindow"/> → <see cref="WindowScanned"/>; <see cref="IsolateFolios"/> →
/// <see cref="FoliosIsolated"/>; <see cref="IsolateColdFolios"/> → <see cref="ColdFoliosIsolated"/>; <see cref="IsolateRange"/> →
/// <see cref="RangeIsolated"/>; <see cref="PutbackFolios"/>.</remarks>
public sealed class Workload : ActorBase
{
    private sealed record Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record PhaseChange(double Shift);

    private readonly WorkloadSpec _spec;
    private readonly WorkloadSetup _setup;
    private readonly RegionMap _map;
    private readonly RegionPopularity _popularity;
    private readonly WorkloadCounters _counters;
    private readonly double[] _hitShare;
    private readonly double[] _latencyFactor;
    private readonly int[] _coldCursor;
    private readonly double _localSeconds;

    /// <summary>Workload <paramref name="spec"/>, wired as <paramref name="setup"/> says.</summary>
    public Workload(WorkloadSpec spec, WorkloadSetup setup)
    {
        _spec = spec;
        _setup = setup;
        var slots = setup.Nodes.Count;
        _map = new RegionMap(spec.Regions, spec.Folios, slots);
        _popularity = new RegionPopularity(spec.Regions, spec.Zipf, Context.Random().Fork("popularity"));
        _hitShare = new double[slots];
        _latencyFactor = Enumerable.Repeat(1.0, slots).ToArray();
        _coldCursor = new int[slots];
        _localSeconds = setup.Nodes.Where(n => n.TopTier).Min(n => n.Latency).TotalSeconds;
        _counters = setup.Telemetry.Workloads[spec.Name] = new WorkloadCounters();
        FirstTouch();
        Recount();
        Context.ScheduleTellOnce(setup.Epoch, Self, Tick.Instance);
        foreach (var phase in spec.Phases) Context.ScheduleTellOnce(phase.At, Self, new PhaseChange(phase.Shift));
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Tick:
                Settle();
                Context.ScheduleTellOnce(_setup.Epoch, Self, Tick.Instance);
                return true;
            case NodeLoad load:
                load.LatencyFactor.CopyTo(_latencyFactor);
                return true;
            case PhaseChange change:
                _popularity.Shift(change.Shift);
                Array.Clear(_coldCursor);
                Recount();
                return true;
            case ScanWindow scan:
                Sender.Tell(Scan(scan), Self);
                return true;
            case IsolateFolios isolate:
                Sender.Tell(new FoliosIsolated(isolate.Region, isolate.Node, _map.Isolate(isolate.Region, Slot(isolate.Node), isolate.Count)), Self);
                return true;
            case PeekColdFolios peek:
                Sender.Tell(new ColdestFolio(peek.Node, Coldest(Slot(peek.Node))), Self);
                return true;
            case IsolateWhere where:
                Sender.Tell(Select(where), Self);
                return true;
            case IsolateRange range:
                Sender.Tell(CollectRange(range), Self);
                return true;
            case IsolateColdFolios cold:
                Sender.Tell(new ColdFoliosIsolated(cold.Node, IsolateCold(Slot(cold.Node), cold.Max)), Self);
                return true;
            case PutbackFolios putback:
                Putback(putback);
                return true;
            default:
                return false;
        }
    }

    /// <summary>First touch: folios in address order, on each slot of the placement in turn; or, spread, each region with every
    /// slot's share (the remainders dealt in slot order, so the totals stay the placement's).</summary>
    private void FirstTouch()
    {
        if (_spec.Spread)
        {
            // Slot i holds floor(total_i × C / N) of the first C folios: every region gets its share, the totals stay exact.
            var totals = _setup.Placement.Select(p => p.Folios).ToArray();
            var n = totals.Sum();
            long before = 0;
            for (var r = 0; r < _map.Regions; r++)
            {
                var after = before + _map.Size(r);
                var placed = 0;
                for (var i = 0; i < totals.Length - 1; i++)
                {
                    var take = (int)Math.Min(_map.Size(r) - placed, (long)((Int128)totals[i] * after / n - (Int128)totals[i] * before / n));
                    _map.Place(r, _setup.Placement[i].Slot, take);
                    placed += take;
                }
                _map.Place(r, _setup.Placement[^1].Slot, _map.Size(r) - placed);
                before = after;
            }
            return;
        }
        var region = 0;
        var filled = 0;
        foreach (var (slot, folios) in _setup.Placement)
        {
            var left = folios;
            while (left > 0)
            {
                var take = (int)Math.Min(left, _map.Size(region) - filled);
                _map.Place(region, slot, take);
                left -= take;
                filled += take;
                if (filled != _map.Size(region)) continue;
                region++;
                filled = 0;
            }
        }
    }

    /// <summary>Each slot's share of the accesses, from scratch (after a phase change; moves keep it up to date).</summary>
    private void Recount()
    {
        Array.Clear(_hitShare);
        for (var r = 0; r < _map.Regions; r++)
            for (var s = 0; s < _map.Slots; s++)
                _hitShare[s] += _popularity.Share[r] * _map.Folios(r, s) / _map.Size(r);
    }

    /// <summary>One epoch of accesses: where they hit, what they waited, what they moved.</summary>
    private void Settle()
    {
        var accesses = _spec.AccessesPerSecond * _setup.Epoch.TotalSeconds;
        var bytes = ImmutableArray.CreateBuilder<double>(_map.Slots);
        for (var s = 0; s < _map.Slots; s++)
        {
            var hits = accesses * _hitShare[s];
            _counters.StallSeconds += hits * _setup.Nodes[s].Latency.TotalSeconds * _latencyFactor[s];
            if (_setup.Nodes[s].TopTier) _counters.FastAccesses += hits;
            bytes.Add(hits * WorkloadSpec.AccessBytes);
        }
        _counters.Accesses += accesses;
        _counters.IdealStallSeconds += accesses * _localSeconds;
        _setup.Bus.Tell(new NodeTraffic(bytes.MoveToImmutable()), Self);
    }

    /// <summary>How often one folio of region <paramref name="r"/> is touched, a second.</summary>
    private double FolioRate(int r) => _spec.AccessesPerSecond * _popularity.Share[r] / _map.Size(r);

    private WindowScanned Scan(ScanWindow scan)
    {
        var marked = ImmutableArray.CreateBuilder<ScannedFolios>();
        // Under a bind policy mpol_misplaced() finds every folio where its policy wants it: nothing is marked for promotion.
        if (_spec.Membind is not null) return new WindowScanned(scan.FromRegion, marked.ToImmutable());
        var region = scan.FromRegion % _map.Regions;
        long covered = 0;
        do
        {
            for (var s = 0; s < _map.Slots; s++)
                if (!_setup.Nodes[s].TopTier && !_setup.Nodes[s].Device && _map.Available(region, s) > 0)
                    marked.Add(new ScannedFolios(region, _setup.Nodes[s].Id, _map.Available(region, s), FolioRate(region)));
            covered += _map.Size(region);
            region = (region + 1) % _map.Regions;
        } while (covered < scan.Folios && region != scan.FromRegion % _map.Regions);
        return new WindowScanned(region, marked.ToImmutable());
    }

    private FoliosSelected Select(IsolateWhere where)
    {
        var bySlot = new ImmutableArray<RegionFolios>.Builder?[_map.Slots];
        var left = where.MaxFolios;
        var from = Math.Clamp(where.FromRegion, 0, _map.Regions);
        var to = Math.Clamp(where.ToRegion, from, _map.Regions);
        for (var i = 0; i < _map.Regions && left > 0; i++)
        {
            var r = where.Order switch
            {
                SelectOrder.Address => from + i,
                SelectOrder.Coldest => _popularity.ColdOrder[i],
                _ => _popularity.ColdOrder[_map.Regions - 1 - i],
            };
            if (r >= to) break;
            if (r < from) continue;
            var rate = FolioRate(r);
            if (rate < where.MinRate || rate > where.MaxRate) continue;
            for (var s = 0; s < _map.Slots && left > 0; s++)
            {
                var node = _setup.Nodes[s].Id;
                if ((where.OnNode >= 0 && node != where.OnNode) || node == where.NotOnNode || _setup.Nodes[s].Device) continue;
                var granted = _map.Isolate(r, s, (int)Math.Min(left, int.MaxValue));
                if (granted == 0) continue;
                (bySlot[s] ??= ImmutableArray.CreateBuilder<RegionFolios>()).Add(new RegionFolios(r, granted));
                left -= granted;
            }
        }
        var result = ImmutableArray.CreateBuilder<NodeFolios>();
        for (var s = 0; s < _map.Slots; s++)
            if (bySlot[s] is { } list) result.Add(new NodeFolios(_setup.Nodes[s].Id, list.ToImmutable()));
        return new FoliosSelected(result.ToImmutable());
    }

    /// <summary>migrate_vma_collect() over folios [first, first + count) of the address space: in each region the range covers, up to
    /// as many of the region's folios on the asked nodes as the range holds of the region (a region's folios are alike and not
    /// ordered, so the range is taken to hold the region's folios on the asked nodes first), less those another caller has
    /// isolated, which are counted busy.</summary>
    private RangeIsolated CollectRange(IsolateRange range)
    {
        var bySlot = new ImmutableArray<RegionFolios>.Builder?[_map.Slots];
        long busy = 0;
        var end = Math.Min(range.FirstFolio + range.Folios, _spec.Folios);
        for (var folio = Math.Max(0, range.FirstFolio); folio < end;)
        {
            var r = (int)Math.Min(folio / _map.PerRegion, _map.Regions - 1);
            var regionEnd = r == _map.Regions - 1 ? _spec.Folios : (long)(r + 1) * _map.PerRegion;
            var covered = (int)(Math.Min(end, regionEnd) - folio);
            var left = covered;
            for (var s = 0; s < _map.Slots && left > 0; s++)
            {
                if (!range.From.Contains(_setup.Nodes[s].Id)) continue;
                var inRange = Math.Min(left, _map.Folios(r, s));
                var granted = _map.Isolate(r, s, inRange);
                busy += inRange - granted;
                left -= inRange;
                if (granted > 0) (bySlot[s] ??= ImmutableArray.CreateBuilder<RegionFolios>()).Add(new RegionFolios(r, granted));
            }
            folio += covered;
        }
        var result = ImmutableArray.CreateBuilder<NodeFolios>();
        for (var s = 0; s < _map.Slots; s++)
            if (bySlot[s] is { } list) result.Add(new NodeFolios(_setup.Nodes[s].Id, list.ToImmutable()));
        return new RangeIsolated(result.ToImmutable(), busy);
    }

    /// <summary>The access rate of the coldest available folio on <paramref name="slot"/>, or infinity.</summary>
    private double Coldest(int slot)
    {
        var order = _popularity.ColdOrder;
        for (var i = _coldCursor[slot]; i < order.Length; i++)
            if (_map.Available(order[i], slot) > 0) return FolioRate(order[i]);
        return double.PositiveInfinity;
    }

    /// <summary>The coldest available folios on <paramref name="slot"/>, from the inactive end of the LRU.</summary>
    private ImmutableArray<RegionFolios> IsolateCold(int slot, int max)
    {
        var taken = ImmutableArray.CreateBuilder<RegionFolios>();
        var order = _popularity.ColdOrder;
        var left = max;
        for (var i = _coldCursor[slot]; i < order.Length && left > 0; i++)
        {
            var r = order[i];
            if (_map.Folios(r, slot) == 0 && i == _coldCursor[slot])
            {
                _coldCursor[slot]++;
                continue;
            }
            var granted = _map.Isolate(r, slot, left);
            if (granted == 0) continue;
            taken.Add(new RegionFolios(r, granted));
            left -= granted;
        }
        return taken.ToImmutable();
    }

    private void Putback(PutbackFolios putback)
    {
        var from = Slot(putback.From);
        var to = Slot(putback.To);
        var moved = putback.Moved;
        double rateSum = 0;
        foreach (var (r, count) in putback.Isolated)
        {
            var m = Math.Min(moved, count);
            _map.Putback(r, from, to, count, m);
            moved -= m;
            var share = _popularity.Share[r] * m / _map.Size(r);
            _hitShare[from] -= share;
            _hitShare[to] += share;
            rateSum += FolioRate(r) * m;
            if (m > 0) _coldCursor[to] = Math.Min(_coldCursor[to], _popularity.ColdPosition[r]);
            if (count > m) _coldCursor[from] = Math.Min(_coldCursor[from], _popularity.ColdPosition[r]);
        }
        if (putback.Moved == 0) return;
        // An access to a folio in its inaccessible window waits for the remap, on average half the window: rate × window accesses,
        // but no more than the workload has threads, since a waiting thread issues nothing else (windows weighted by length).
        var window = putback.InaccessibleSquaredSeconds / putback.InaccessibleSeconds;
        var waiting = Math.Min(rateSum / putback.Moved * window, _spec.Threads);
        // Windows that overlap (one migrate_vma) can keep no more threads waiting than the workload has, for as long as they last.
        var wait = Math.Min(putback.Moved * waiting * window / 2, _spec.Threads * putback.SpanSeconds);
        _counters.StallSeconds += wait;
        _counters.MigrationStallSeconds += wait;
    }

    private int Slot(int node)
    {
        for (var s = 0; s < _setup.Nodes.Count; s++)
            if (_setup.Nodes[s].Id == node) return s;
        throw new ArgumentOutOfRangeException(nameof(node), node, $"Workload {_spec.Name}: its host has no node {node}");
    }
}
