using System.Collections.Immutable;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Gpu;

/// <summary>The GPU driver's shared virtual memory (amdkfd's kfd_svm / kfd_migrate) on one host: the only mover of pages to and from
/// device-coherent memory. Every migration is migrate_vma: <c>migrate_vma_setup</c> (collect the range's pages and unmap them;
/// collecting fewer than asked is normal), reserve the destination, copy on a GPU's SDMA ring and await its last fence,
/// <c>migrate_vma_pages</c>, <c>migrate_vma_finalize</c>. To a device when prefetched there or when that GPU faults; back to system
/// memory when prefetched there, when a CPU faults (the aligned range), when the device is short of memory (eviction, before the
/// migration that needs the room goes on) and when a long-term pin needs the page (copied by the CPU: mm/gup.c). A page on
/// another GPU goes to the device through system memory. Migrations run one at a time, in the order asked (the process's
/// svm lock); an eviction runs inside the migration it makes room for.</summary>
/// <remarks>Protocol: <see cref="SvmMigrate"/> → <see cref="SvmMigrated"/> once done. Per migration, to the workload
/// <see cref="IsolateRange"/> → <see cref="RangeIsolated"/> (an eviction: <see cref="IsolateColdFolios"/> →
/// <see cref="ColdFoliosIsolated"/>), to the destination node or GPU <see cref="AllocFolios"/> → <see cref="FoliosAllocated"/>,
/// to a GPU <see cref="SdmaCopy"/> → <see cref="SdmaFence"/>, then <see cref="PutbackFolios"/> to the workload,
/// <see cref="FreeFolios"/> to the source and <see cref="MigrationTraffic"/> to the bus.</remarks>
public sealed class KfdSvm : ActorBase
{
    /// <summary>The range a fault migrates: 2 MiB, aligned (svm_range granularity 9, in base pages).</summary>
    public const long FaultRangePages = 512;

    private sealed record Unmapped
    {
        public static readonly Unmapped Instance = new();
    }

    private sealed record Finalized
    {
        public static readonly Finalized Instance = new();
    }

    private sealed record CpuCopied
    {
        public static readonly CpuCopied Instance = new();
    }

    /// <summary>One step of a migration: the range's folios on <paramref name="From"/> go to <paramref name="To"/>.</summary>
    private sealed record Leg(ImmutableArray<int> From, int To, TieringWorkload Workload);

    /// <summary>A migration under way, and what its current leg has collected.</summary>
    private sealed class Migration(SvmMigrate request, IActorRef? replyTo, long needPages = 0)
    {
        public SvmMigrate Request { get; } = request;
        public IActorRef? ReplyTo { get; } = replyTo;
        public Queue<Leg> Legs { get; } = new();
        /// <summary>An eviction: the base pages it still has to free.</summary>
        public long NeedPages { get; set; } = needPages;
        public long MovedPages { get; set; }
        public bool Evicted { get; set; }
        public ImmutableArray<NodeFolios> Collected { get; set; } = [];
        public long CollectedFolios { get; set; }
        public long UnmappedAtPs { get; set; }
        public int CopiesLeft { get; set; }
    }

    private readonly Machine _machine;
    private readonly IReadOnlyDictionary<int, (GpuSpec Spec, IActorRef Gpu)> _devices;
    private readonly ImmutableArray<int> _deviceNodes;
    private readonly IReadOnlyList<TieringWorkload> _workloads;
    private readonly IActorRef _bus;
    private readonly TieringTelemetry _telemetry;
    private readonly Queue<(SvmMigrate Request, IActorRef ReplyTo)> _pending = new();
    private readonly Stack<Migration> _active = new();

    /// <summary>The driver of <paramref name="devices"/> (device node → GPU name and actor) on <paramref name="machine"/>, whose
    /// system nodes are the machine's other nodes; <paramref name="workloads"/> are the host's processes, whose device pages an
    /// eviction may take.</summary>
    public KfdSvm(Machine machine, IReadOnlyDictionary<int, (GpuSpec Spec, IActorRef Gpu)> devices, IReadOnlyList<TieringWorkload> workloads,
        IActorRef bus, TieringTelemetry telemetry)
    {
        _machine = machine;
        _devices = devices;
        _deviceNodes = [.. devices.Keys.Order()];
        _workloads = workloads;
        _bus = bus;
        _telemetry = telemetry;
        foreach (var (spec, _) in devices.Values) telemetry.Gpu(spec.Name);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case SvmMigrate request:
                _pending.Enqueue((request, Sender));
                if (_active.Count == 0) StartNext();
                return true;
            case RangeIsolated range:
                Collected(range.Isolated, range.Busy);
                return true;
            case ColdFoliosIsolated cold:
                Collected(cold.Isolated.IsEmpty ? [] : [new NodeFolios(cold.Node, cold.Isolated)], 0);
                return true;
            case Unmapped:
                Reserve();
                return true;
            case FoliosAllocated allocated:
                Reserved(allocated.Count);
                return true;
            case SdmaFence or CpuCopied:
                if (--_active.Peek().CopiesLeft == 0) MigrateVmaPages();
                return true;
            case Finalized:
                MigrateVmaFinalize();
                return true;
            default:
                return false;
        }
    }

    private void StartNext()
    {
        if (!_pending.TryDequeue(out var next)) return;
        var (request, replyTo) = next;
        var m = new Migration(request, replyTo);
        var w = request.Workload;
        var system = SystemNodes();
        if (_devices.ContainsKey(request.Location))
        {
            // Device to device goes through system memory: first off any other GPU, then onto this one.
            var others = _deviceNodes.Remove(request.Location);
            if (!others.IsEmpty) m.Legs.Enqueue(new Leg(others, w.LocalNode, w));
            m.Legs.Enqueue(new Leg(system, request.Location, w));
        }
        else m.Legs.Enqueue(new Leg(_deviceNodes, request.Location, w));
        _active.Push(m);
        Collect();
    }

    /// <summary>migrate_vma_setup(), first half: collect the leg's pages (an eviction: the device's coldest).</summary>
    private void Collect()
    {
        var m = _active.Peek();
        var leg = m.Legs.Peek();
        if (m.Request.Trigger == SvmTrigger.TtmEviction)
        {
            var folioPages = leg.Workload.Spec.FolioSize.Pages;
            leg.Workload.Actor.Tell(new IsolateColdFolios(leg.From[0], (int)Math.Min((m.NeedPages + folioPages - 1) / folioPages, int.MaxValue)), Self);
        }
        else
            leg.Workload.Actor.Tell(new IsolateRange(m.Request.FirstFolio, m.Request.Folios, leg.From), Self);
    }

    /// <summary>migrate_vma_setup(), second half: unmap what was collected (a PTE each, one flush), unless a pin met a page it could
    /// not collect: then -EBUSY and the collected pages stay where they are.</summary>
    private void Collected(ImmutableArray<NodeFolios> collected, long busy)
    {
        var m = _active.Peek();
        var leg = m.Legs.Peek();
        m.Collected = collected;
        m.CollectedFolios = collected.Sum(n => (long)n.Count);
        if (m.Request.Trigger == SvmTrigger.LongtermPin && busy > 0)
        {
            PutBackUnmoved(m, leg);
            Finish(Errno.EBUSY);
            return;
        }
        if (m.CollectedFolios == 0)
        {
            NextLeg();
            return;
        }
        var (unmap, _) = Costs(_machine.Profile, m.CollectedFolios, leg.Workload.Spec.FolioSize.Pages);
        Spend(m.Request.Trigger, unmap);
        // A GPU fault on pages not in its memory reaches the driver only after the fault's own latency; the kernel waits it out.
        var fault = m.Request.Trigger == SvmTrigger.PagefaultGpu ? _devices[leg.To].Spec.PageFaultLatency : SimTime.Zero;
        m.UnmappedAtPs = Context.Now().Picoseconds + fault.Picoseconds + unmap.Picoseconds;
        Context.ScheduleTellOnce(fault + unmap, Self, Unmapped.Instance);
    }

    /// <summary>The destination pages: on a device, the driver's reservation of device memory.</summary>
    private void Reserve()
    {
        var m = _active.Peek();
        var leg = m.Legs.Peek();
        _machine.Nodes[leg.To].Tell(new AllocFolios((int)m.CollectedFolios, leg.Workload.Spec.FolioSize.Bytes), Self);
    }

    private void Reserved(int granted)
    {
        var m = _active.Peek();
        var leg = m.Legs.Peek();
        if (granted == m.CollectedFolios)
        {
            Copy(m, leg);
            return;
        }
        if (granted > 0) _machine.Nodes[leg.To].Tell(new FreeFolios(granted, leg.Workload.Spec.FolioSize.Bytes), Self);
        var toDevice = _devices.TryGetValue(leg.To, out var gpu);
        if (toDevice && m.Request.Trigger != SvmTrigger.TtmEviction && !m.Evicted)
        {
            // Short of device memory: evict the device's coldest pages to system memory first, then reserve again.
            m.Evicted = true;
            var eviction = new Migration(new SvmMigrate(SvmTrigger.TtmEviction, leg.Workload, 0, 0, leg.To), null,
                (m.CollectedFolios - granted) * leg.Workload.Spec.FolioSize.Pages);
            foreach (var w in _workloads) eviction.Legs.Enqueue(new Leg([leg.To], w.LocalNode, w));
            _active.Push(eviction);
            Collect();
            return;
        }
        if (toDevice) _telemetry.Gpu(gpu.Spec.Name).Enospc++;
        PutBackUnmoved(m, leg);
        Finish(toDevice ? Errno.ENOSPC : Errno.ENOMEM);
    }

    /// <summary>The copy: on the destination GPU's ring into device memory, on each source GPU's ring out of it; a pin's copy by the
    /// CPU (copy_highpage()).</summary>
    private void Copy(Migration m, Leg leg)
    {
        var folioPages = leg.Workload.Spec.FolioSize.Pages;
        if (m.Request.Trigger == SvmTrigger.LongtermPin)
        {
            m.CopiesLeft = 1;
            var copy = SimTime.ForTransfer(m.CollectedFolios * leg.Workload.Spec.FolioSize.Bytes, _machine.Profile.CpuCopy.Thread.BytesPerSecond);
            Spend(m.Request.Trigger, copy);
            Context.ScheduleTellOnce(copy, Self, CpuCopied.Instance);
            return;
        }
        if (_devices.TryGetValue(leg.To, out var target))
        {
            m.CopiesLeft = 1;
            target.Gpu.Tell(new SdmaCopy(m.CollectedFolios * folioPages), Self);
            return;
        }
        m.CopiesLeft = m.Collected.Length;
        foreach (var source in m.Collected) _devices[source.Node].Gpu.Tell(new SdmaCopy(source.Count * folioPages), Self);
    }

    /// <summary>migrate_vma_pages() (each page's mapping moved to its copy) and migrate_vma_finalize() (the migration entries replaced
    /// by the new pages).</summary>
    private void MigrateVmaPages()
    {
        var m = _active.Peek();
        var leg = m.Legs.Peek();
        var (_, cost) = Costs(_machine.Profile, m.CollectedFolios, leg.Workload.Spec.FolioSize.Pages);
        Spend(m.Request.Trigger, cost);
        Context.ScheduleTellOnce(cost, Self, Finalized.Instance);
    }

    private void MigrateVmaFinalize()
    {
        var m = _active.Peek();
        var leg = m.Legs.Peek();
        var folio = leg.Workload.Spec.FolioSize;
        var window = (Context.Now().Picoseconds - m.UnmappedAtPs) * 1e-12;
        var caller = _telemetry.Caller(CallerName(m.Request.Trigger));
        caller.Calls++;
        foreach (var source in m.Collected)
        {
            var bytes = source.Count * folio.Bytes;
            leg.Workload.Actor.Tell(new PutbackFolios(source.Node, leg.To, source.Folios, source.Count, source.Count * window, source.Count * window * window, window), Self);
            _machine.Nodes[source.Node].Tell(new FreeFolios(source.Count, folio.Bytes), Self);
            _bus.Tell(new MigrationTraffic(source.Node, leg.To, bytes), Self);
            _telemetry.Node(source.Node).UsedBytes -= bytes;
            _telemetry.Node(leg.To).UsedBytes += bytes;
            if (_devices.TryGetValue(source.Node, out var from)) _telemetry.Gpu(from.Spec.Name).Add(OutCounter(m.Request.Trigger), bytes);
            if (_devices.TryGetValue(leg.To, out var to)) _telemetry.Gpu(to.Spec.Name).Add(InCounter(m.Request.Trigger), bytes);
            caller.Folios += source.Count;
            caller.Succeeded += source.Count;
            caller.Inaccessible.Add((long)(window * 1e12), source.Count);
        }
        m.MovedPages += m.CollectedFolios * folio.Pages;
        m.NeedPages -= m.CollectedFolios * folio.Pages;
        NextLeg();
    }

    private void NextLeg()
    {
        var m = _active.Peek();
        m.Legs.Dequeue();
        m.Collected = [];
        if (m.Request.Trigger == SvmTrigger.TtmEviction && m.NeedPages <= 0) m.Legs.Clear();
        if (m.Legs.Count == 0)
        {
            Finish(Errno.Success);
            return;
        }
        Collect();
    }

    private void Finish(Errno result)
    {
        var m = _active.Pop();
        m.ReplyTo?.Tell(new SvmMigrated(m.Request.Trigger, m.Request.FirstFolio, m.MovedPages, result), Self);
        if (_active.Count > 0)
        {
            // The migration that asked for room reserves again, with what the eviction freed.
            Reserve();
            return;
        }
        StartNext();
    }

    private void PutBackUnmoved(Migration m, Leg leg)
    {
        foreach (var source in m.Collected) leg.Workload.Actor.Tell(new PutbackFolios(source.Node, source.Node, source.Folios, 0, 0, 0), Self);
        var caller = _telemetry.Caller(CallerName(m.Request.Trigger));
        caller.Calls++;
        caller.Folios += m.CollectedFolios;
        caller.Failed += m.CollectedFolios;
    }

    private void Spend(SvmTrigger trigger, SimTime cpu) => _telemetry.Caller(CallerName(trigger)).CpuPs += cpu.Picoseconds;

    private ImmutableArray<int> SystemNodes() => [.. _machine.Nodes.Keys.Where(n => !_devices.ContainsKey(n)).Order()];

    /// <summary>The CPU time of migrate_vma on <paramref name="folios"/> folios of <paramref name="folioPages"/> pages: setup (each
    /// page's migration entry installed, the unmap share of a PTE's cost, and one TLB flush), then migrate_vma_pages and finalize
    /// (each folio's move and each entry restored).</summary>
    public static (SimTime Setup, SimTime Finalize) Costs(PlatformProfile profile, long folios, long folioPages)
    {
        var k = profile.Kernel;
        var ptePs = k.Pte.Picoseconds * folios * folioPages;
        var unmapPs = (long)Math.Round(ptePs * k.UnmapShare);
        return (SimTime.FromPicoseconds(unmapPs) + k.TlbFlushBase + k.TlbFlushPerCpu * profile.Cpu.TlbFlushTargetCpus,
            k.Folio * folios + SimTime.FromPicoseconds(ptePs - unmapPs));
    }

    /// <summary>The caller's name in reports.</summary>
    public static string CallerName(SvmTrigger trigger) => trigger switch
    {
        SvmTrigger.Prefetch => "svm_prefetch",
        SvmTrigger.PagefaultGpu => "svm_gpu_fault",
        SvmTrigger.PagefaultCpu => "svm_cpu_fault",
        SvmTrigger.TtmEviction => "svm_eviction",
        _ => "longterm_pin",
    };

    private static string InCounter(SvmTrigger trigger) => trigger == SvmTrigger.PagefaultGpu ? "faulted_in" : "prefetched";

    private static string OutCounter(SvmTrigger trigger) => trigger switch
    {
        SvmTrigger.TtmEviction => "evicted",
        SvmTrigger.PagefaultCpu => "faulted_back",
        SvmTrigger.LongtermPin => "pinned_back",
        _ => "prefetched_out",
    };
}
