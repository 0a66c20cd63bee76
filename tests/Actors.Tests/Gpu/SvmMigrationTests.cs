using ActorMigration.Actors.Gpu;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Actors.Tests.Gpu;

/// <summary>The GPU driver's migrations of device-coherent memory on the production wiring: the application's HIP streams, the
/// amdkfd driver, the GPUs' SDMA rings and device memory, a real workload's address space.</summary>
public sealed class SvmMigrationTests : GpuKit
{
    private static readonly SimTime Ms = SimTime.FromMilliseconds(1);

    /// <summary>The ring copies a request in windows of 512 pages and signals one fence, after the last window; a second request
    /// waits for the first: one ring.</summary>
    [Fact]
    public void The_ring_copies_in_windows_of_512_pages_and_signals_once_per_request()
    {
        var counters = new GpuCounters();
        var ring = Spawn(SimulationProps.Of(() => new SdmaRing(Gpus[1], counters)), "ring");
        ring.Tell(new SdmaCopy(1300), TestActor);
        ring.Tell(new SdmaCopy(100), TestActor);
        RunUntil(RingTime(1300) - SimTime.FromPicoseconds(1));
        ExpectNoMsg();
        RunUntil(RingTime(1300));
        ExpectMsg(new SdmaFence(1300, 3));
        RunUntil(RingTime(1300) + RingTime(100) - SimTime.FromPicoseconds(1));
        ExpectNoMsg();
        RunUntil(RingTime(1300) + RingTime(100));
        ExpectMsg(new SdmaFence(100, 1));
        Assert.Equal(4, counters.SdmaWindows);
    }

    /// <summary>hipMemPrefetchAsync of 1,300 pages: ceil(1300/512) = 3 windows on gpu0's ring, and the prefetch is done exactly when
    /// migrate_vma has collected and unmapped them, the last fence has signalled and the pages are moved and remapped.</summary>
    [Fact]
    public void A_prefetch_of_n_pages_issues_ceil_n_over_512_windows_and_completes_after_the_last_fence()
    {
        Start(Prefetch(0, 1300, 1));
        var done = KernelTime(1300) + RingTime(1300);
        RunTo(done - SimTime.FromPicoseconds(1));
        Done.ExpectNoMsg();
        RunTo(done);
        var d = Done.ExpectMsg<HipOpDone>();
        Assert.Equal((1300L, Errno.Success), (d.Pages, d.Result));
        Assert.Equal(3, Telemetry.Gpu("gpu0").SdmaWindows);
        Assert.Equal(1300, GpuPages("gpu0", "prefetched"));
        Assert.Equal((1300L, WorkloadBytes / 4096 - 1300), (UsedPages(1), UsedPages(0)));
    }

    /// <summary>migrate_vma_setup collects what it can: 300 of the range's pages isolated by another caller are left where they
    /// are, and the prefetch moves the other 724 and succeeds.</summary>
    [Fact]
    public void A_prefetch_collects_fewer_pages_than_asked_when_some_are_busy_and_moves_those()
    {
        Assert.Equal(300, IsolateAsAnotherCaller(0, 300, 0).Count);
        Start(Prefetch(0, 1024, 1));
        RunTo(Ms * 10);
        Done.ExpectMsg<HipOpDone>(d => d.Pages == 724 && d.Result == Errno.Success);
        Assert.Equal(724, UsedPages(1));
        Assert.Equal(2, Telemetry.Gpu("gpu0").SdmaWindows);
    }

    /// <summary>Prefetches are queued per stream and the caller goes on: stream 0's second prefetch waits for its first, stream 1's
    /// goes between them; all of them copy on gpu0's one ring.</summary>
    [Fact]
    public void Prefetches_run_in_order_per_stream_and_streams_do_not_wait_for_one_another()
    {
        Start(Prefetch(0, 1300, 1, stream: 0), Prefetch(1300, 1300, 1, stream: 0), Prefetch(4096, 1300, 1, stream: 1));
        RunTo(Ms * 10);
        var order = Drain<HipOpDone>(Done).Select(d => (d.Op.Stream, d.Op.FirstFolio)).ToArray();
        Assert.Equal([(0, 0L), (1, 4096L), (0, 1300L)], order);
        Assert.Equal(9, Telemetry.Gpu("gpu0").SdmaWindows);
        Assert.Equal(3 * RingTime(1300).Picoseconds, Telemetry.Gpu("gpu0").SdmaBusyPs);
    }

    /// <summary>gpu0 holds 12,000 pages of its 16,384 when 12,000 more are prefetched: the driver evicts the 7,616 it lacks back to
    /// system memory, and only once they are freed does the prefetch reserve device memory and go on.</summary>
    [Fact]
    public void Eviction_under_pressure_frees_device_memory_before_a_new_prefetch_proceeds()
    {
        var free = CreateTestProbe();
        Machine.Nodes[1].Tell(new WatchFree(), free);
        Start(Prefetch(0, 12000, 1), Prefetch(12000, 12000, 1));
        RunTo(Ms * 100);
        var done = Drain<HipOpDone>(Done);
        Assert.Equal(2, done.Count);
        Assert.All(done, d => Assert.Equal((12000L, Errno.Success), (d.Pages, d.Result)));
        Assert.Equal(7616, GpuPages("gpu0", "evicted"));
        Assert.Equal(DevicePages, UsedPages(1));
        var seen = Drain<NodeFree>(free).Select(f => f.FreeBytes / 4096).ToArray();
        // Full; 4,384 left; the second prefetch's short reservation handed back; the eviction's 7,616 freed; then reserved.
        Assert.Equal([DevicePages, 4384, 0, 4384, 12000, 0], seen);
        Assert.Equal(1, Telemetry.Caller("svm_eviction").Calls);
    }

    /// <summary>A CPU touch of one page (folio 1000) on device memory faults back exactly its 2 MiB aligned range, pages 512 to
    /// 1023, and nothing else: the rest of the prefetched 4,096 stay on the GPU.</summary>
    [Fact]
    public void A_cpu_fault_brings_back_exactly_the_aligned_range()
    {
        Start(Prefetch(0, 4096, 1), new HipOp(HipOpKind.CpuTouch, Ms * 5, 1000, 1, 1, 0));
        RunTo(Ms * 10);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Prefetch);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.CpuTouch && d.Pages == 512);
        Assert.Equal(512, GpuPages("gpu0", "faulted_back"));
        Assert.Equal(4096 - 512, UsedPages(1));
        Assert.Equal(512, IsolateAsAnotherCaller(512, 512, 0).Count);
        Assert.Equal(0, IsolateAsAnotherCaller(0, 512, 0).Count);
        Assert.Equal(0, IsolateAsAnotherCaller(1024, 3072, 0).Count);
    }

    /// <summary>A long-term pin of device pages migrates them to system memory first, copied by the CPU (the ring copies nothing
    /// for it), then the pin succeeds.</summary>
    [Fact]
    public void A_pin_of_device_pages_migrates_them_to_system_memory_first()
    {
        Start(Prefetch(0, 512, 1), new HipOp(HipOpKind.Pin, Ms * 5, 0, 512, 0, 0));
        RunTo(Ms * 10);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Prefetch);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Pin && d.Pages == 512 && d.Result == Errno.Success);
        Assert.Equal(512, GpuPages("gpu0", "pinned_back"));
        Assert.Equal(1, Telemetry.Gpu("gpu0").SdmaWindows);
        Assert.Equal(0, UsedPages(1));
    }

    /// <summary>A pin that meets device pages another caller holds isolated fails with -EBUSY and moves nothing.</summary>
    [Fact]
    public void A_pin_that_cannot_collect_a_device_page_fails_with_ebusy()
    {
        Start(Prefetch(0, 512, 1), new HipOp(HipOpKind.Pin, Ms * 5, 0, 512, 0, 0));
        RunTo(Ms * 4);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Prefetch);
        Assert.Equal(100, IsolateAsAnotherCaller(0, 100, 1).Count);
        RunTo(Ms * 10);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Pin && d.Pages == 0 && d.Result == Errno.EBUSY);
        Assert.Equal(512, UsedPages(1));
        Assert.Equal(0, GpuPages("gpu0", "pinned_back"));
    }

    /// <summary>A prefetch larger than the device fails with -ENOSPC once eviction cannot make room: nothing moves, every page is
    /// back on the LRU where it was.</summary>
    [Fact]
    public void A_prefetch_that_cannot_reserve_device_memory_fails_with_enospc()
    {
        Start(Prefetch(0, 20000, 1));
        RunTo(Ms * 10);
        Done.ExpectMsg<HipOpDone>(d => d.Pages == 0 && d.Result == Errno.ENOSPC);
        Assert.Equal(1, Telemetry.Gpu("gpu0").Enospc);
        Assert.Equal((0L, WorkloadBytes / 4096), (UsedPages(1), UsedPages(0)));
        Assert.Equal(0, Telemetry.Gpu("gpu0").SdmaWindows);
        Assert.Equal(WorkloadBytes / 4096, IsolateAsAnotherCaller(0, WorkloadBytes / 4096, 0).Count);
    }

    /// <summary>Device pages are on no LRU: move_pages(2)'s selection (and NUMA balancing's scanner) never see them, while the same
    /// selection finds the pages left in system memory.</summary>
    [Fact]
    public void Move_pages_skips_device_pages()
    {
        Start(Prefetch(0, 16384, 1));
        RunTo(Ms * 50);
        Done.ExpectMsg<HipOpDone>(d => d.Result == Errno.Success);
        var caller = CreateTestProbe();
        App.Actor.Tell(new IsolateWhere(0, 64, -1, 2, 0, double.PositiveInfinity, SelectOrder.Address, long.MaxValue), caller);
        App.Actor.Tell(new ScanWindow(0, WorkloadBytes / 4096), caller);
        RunTo(Ms * 51);
        var selected = caller.ExpectMsg<FoliosSelected>();
        Assert.Equal([0], selected.Isolated.Select(n => n.Node));
        Assert.Equal(WorkloadBytes / 4096 - 16384, selected.Count);
        Assert.Empty(caller.ExpectMsg<WindowScanned>().Marked);
    }

    /// <summary>Device to device goes through system memory: a prefetch to gpu1 of pages on gpu0 copies them out on gpu0's ring to
    /// DRAM, then in on gpu1's (gpu0's ring copied the pages in, then out).</summary>
    [Fact]
    public void Device_to_device_goes_through_system_memory()
    {
        Start(Prefetch(0, 1024, 1), Prefetch(0, 1024, 2));
        RunTo(Ms * 10);
        Assert.Equal(2, Drain<HipOpDone>(Done).Count);
        Assert.Equal((1024L, 1024L, 1024L), (GpuPages("gpu0", "prefetched"), GpuPages("gpu0", "prefetched_out"), GpuPages("gpu1", "prefetched")));
        Assert.Equal((4L, 2L), (Telemetry.Gpu("gpu0").SdmaWindows, Telemetry.Gpu("gpu1").SdmaWindows));
        Assert.Equal((0L, 1024L), (UsedPages(1), UsedPages(2)));
        var copies = Drain<MigrationTraffic>(Bus).Select(t => (t.Source, t.Target)).ToArray();
        Assert.Equal([(0, 1), (1, 0), (0, 2)], copies);
    }

    /// <summary>A kernel on gpu0 over 2,048 pages of which 1,024 were prefetched takes a device page fault per 2 MiB range not
    /// resident (two), each waiting the fault latency and migrating its range, then reads the range at the GPU's bandwidth: so it
    /// runs exactly that long after the prefetch.</summary>
    [Fact]
    public void A_kernel_faults_in_each_range_that_was_not_prefetched()
    {
        Start(Prefetch(0, 1024, 1), new HipOp(HipOpKind.Kernel, SimTime.Zero, 0, 2048, 1, 0));
        RunTo(Ms * 10);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Prefetch);
        Done.ExpectMsg<HipOpDone>(d => d.Op.Kind == HipOpKind.Kernel && d.Pages == 1024);
        Assert.Equal((1024L, 1024L), (GpuPages("gpu0", "prefetched"), GpuPages("gpu0", "faulted_in")));
        Assert.Equal(2, Telemetry.Caller("svm_gpu_fault").Calls);
        Assert.Equal(1, Telemetry.Gpu("gpu0").Kernels);
        var fault = Gpus[1].PageFaultLatency + KernelTime(512) + RingTime(512);
        Assert.Equal((fault * 2 + SimTime.ForTransfer(2048 * 4096, Gpus[1].HbmBandwidth.BytesPerSecond)).Picoseconds, Telemetry.Gpu("gpu0").KernelPs);
    }
}
