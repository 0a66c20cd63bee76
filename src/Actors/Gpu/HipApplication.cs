using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Gpu;

/// <summary>What a GPU application asks for.</summary>
public enum HipOpKind
{
    /// <summary>hipMemPrefetchAsync(ptr, count, device, stream): queued on the stream, the caller goes on at once.</summary>
    Prefetch,
    /// <summary>A kernel on the stream reading the range once: each 2 MiB range not yet in the GPU's memory is a device page fault.</summary>
    Kernel,
    /// <summary>The host thread touching the range: each 2 MiB range with pages in device memory is a CPU fault.</summary>
    CpuTouch,
    /// <summary>The host thread pinning the range long term (pin_user_pages(FOLL_LONGTERM), e.g. for RDMA).</summary>
    Pin,
}

/// <summary>One request of the application at <paramref name="At"/>: folios [<paramref name="FirstFolio"/>, + <paramref name="Folios"/>)
/// of its address space, on <paramref name="Device"/> (a device-coherent node; a prefetch may name a system node: back to the CPU),
/// on <paramref name="Stream"/> (ignored by the host thread's requests).</summary>
public sealed record HipOp(HipOpKind Kind, SimTime At, long FirstFolio, long Folios, int Device, int Stream);

/// <summary>A request of the application is done: <paramref name="Pages"/> base pages migrated for it (a kernel's: faulted in), and
/// the first failure if any.</summary>
public sealed record HipOpDone(HipOp Op, long Pages, Errno Result);

/// <summary>A process driving GPUs through HIP: each stream runs its requests in order, one after the other, while the caller
/// (this actor's schedule) goes on; the host thread's own touches and pins run in order too. Prefetches, faults and pins go to
/// the driver (<see cref="KfdSvm"/>) as <see cref="SvmMigrate"/>.</summary>
/// <remarks>Protocol: a <see cref="HipOp"/> (from its schedule, or sent) → <see cref="HipOpDone"/> to <c>listener</c> once done.
/// The driver answers in the order it was asked, so its answers are matched to the queue they came from in order.</remarks>
public sealed class HipApplication : ActorBase
{
    /// <summary>The queue of the host thread's requests.</summary>
    public const int HostThread = -1;

    private sealed record KernelRan(int Stream);

    private sealed class Lane
    {
        public Queue<HipOp> Ops { get; } = new();
        public bool Busy { get; set; }
        public long NextFolio { get; set; }
        public long Pages { get; set; }
        public Errno Result { get; set; }
        public long StartedPs { get; set; }
    }

    private readonly TieringWorkload _workload;
    private readonly IActorRef _driver;
    private readonly IReadOnlyDictionary<int, GpuSpec> _gpus;
    private readonly TieringTelemetry _telemetry;
    private readonly IActorRef? _listener;
    private readonly SortedDictionary<int, Lane> _lanes = [];
    private readonly Queue<int> _asked = new();
    private readonly long _rangeFolios;

    /// <summary>The application of <paramref name="workload"/>, asking <paramref name="driver"/>; <paramref name="gpus"/> by device
    /// node; <paramref name="schedule"/> its requests in time.</summary>
    public HipApplication(TieringWorkload workload, IActorRef driver, IReadOnlyDictionary<int, GpuSpec> gpus, IReadOnlyList<HipOp> schedule,
        TieringTelemetry telemetry, IActorRef? listener = null)
    {
        _workload = workload;
        _driver = driver;
        _gpus = gpus;
        _telemetry = telemetry;
        _listener = listener;
        _rangeFolios = Math.Max(1, KfdSvm.FaultRangePages / workload.Spec.FolioSize.Pages);
        foreach (var op in schedule) Context.ScheduleTellOnce(op.At, Self, op);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case HipOp op:
                var lane = LaneOf(op);
                lane.Ops.Enqueue(op);
                if (!lane.Busy) Start(LaneId(op));
                return true;
            case SvmMigrated migrated:
                Migrated(_asked.Dequeue(), migrated);
                return true;
            case KernelRan ran:
                Done(ran.Stream);
                return true;
            default:
                return false;
        }
    }

    private void Start(int id)
    {
        var lane = _lanes[id];
        if (!lane.Ops.TryPeek(out var op))
        {
            lane.Busy = false;
            return;
        }
        lane.Busy = true;
        lane.Pages = 0;
        lane.Result = Errno.Success;
        lane.StartedPs = Context.Now().Picoseconds;
        switch (op.Kind)
        {
            case HipOpKind.Prefetch:
                Ask(id, new SvmMigrate(SvmTrigger.Prefetch, _workload, op.FirstFolio, op.Folios, op.Device));
                break;
            case HipOpKind.Pin:
                Ask(id, new SvmMigrate(SvmTrigger.LongtermPin, _workload, op.FirstFolio, op.Folios, _workload.LocalNode));
                break;
            default:
                // Faults come range by range, 2 MiB aligned, from the first the request touches.
                lane.NextFolio = op.FirstFolio / _rangeFolios * _rangeFolios;
                NextFault(id, op);
                break;
        }
    }

    private void NextFault(int id, HipOp op)
    {
        var lane = _lanes[id];
        if (lane.NextFolio >= op.FirstFolio + op.Folios)
        {
            if (op.Kind == HipOpKind.CpuTouch)
            {
                Done(id);
                return;
            }
            // The kernel reads its range once from device memory, after its faults: at the GPU's own bandwidth.
            var read = SimTime.ForTransfer(op.Folios * _workload.Spec.FolioSize.Bytes, _gpus[op.Device].HbmBandwidth.BytesPerSecond);
            Context.ScheduleTellOnce(read, Self, new KernelRan(id));
            return;
        }
        var first = lane.NextFolio;
        lane.NextFolio += _rangeFolios;
        Ask(id, op.Kind == HipOpKind.Kernel
            ? new SvmMigrate(SvmTrigger.PagefaultGpu, _workload, first, _rangeFolios, op.Device)
            : new SvmMigrate(SvmTrigger.PagefaultCpu, _workload, first, _rangeFolios, _workload.LocalNode));
    }

    private void Migrated(int id, SvmMigrated migrated)
    {
        var lane = _lanes[id];
        var op = lane.Ops.Peek();
        lane.Pages += migrated.Pages;
        if (lane.Result == Errno.Success) lane.Result = migrated.Result;
        if (op.Kind is HipOpKind.Kernel or HipOpKind.CpuTouch) NextFault(id, op);
        else Done(id);
    }

    private void Done(int id)
    {
        var lane = _lanes[id];
        var op = lane.Ops.Dequeue();
        if (op.Kind == HipOpKind.Kernel)
        {
            var gpu = _telemetry.Gpu(_gpus[op.Device].Name);
            gpu.Kernels++;
            gpu.KernelPs += Context.Now().Picoseconds - lane.StartedPs;
        }
        _listener?.Tell(new HipOpDone(op, lane.Pages, lane.Result), Self);
        Start(id);
    }

    private void Ask(int id, SvmMigrate request)
    {
        _asked.Enqueue(id);
        _driver.Tell(request, Self);
    }

    private Lane LaneOf(HipOp op)
    {
        var id = LaneId(op);
        return _lanes.TryGetValue(id, out var lane) ? lane : _lanes[id] = new Lane();
    }

    private static int LaneId(HipOp op) => op.Kind is HipOpKind.CpuTouch or HipOpKind.Pin ? HostThread : op.Stream;
}
