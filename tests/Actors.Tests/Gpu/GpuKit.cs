using ActorMigration.Actors.Gpu;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Gpu;

/// <summary>A simulation TestKit with a small host wired as <see cref="TieringSimulation"/> wires one: a DRAM node (0, 1 GiB) and two
/// GPUs (gpu0 owning node 1, gpu1 owning node 2, 64 MiB = 16,384 pages each), the machine on the calibrated profile, the real
/// <see cref="KfdSvm"/> driver, a real <see cref="Workload"/> of 128 MiB of 4K folios in 64 regions of 2 MiB (first touch: all on
/// DRAM), and its real <see cref="HipApplication"/>, whose finished requests go to <see cref="Done"/>.</summary>
public abstract class GpuKit : SimulationTestKit
{
    /// <summary>Device memory of each GPU, in pages.</summary>
    protected const long DevicePages = 16384;

    /// <summary>The host.</summary>
    protected static readonly SystemSpec System = SystemReader.Read(ConfigNode.Parse("gpu-kit.yaml", """
        name: gpu-kit
        remote_socket_latency: 90ns
        hosts: [{ name: n0, sockets: 1, cores_per_socket: 8 }]
        memory_nodes:
          - { id: 0, kind: dram, host: n0, socket: 0, capacity: 1G, latency: 110ns, bandwidth: 205GB/s }
          - { id: 1, kind: device_coherent, host: n0, socket: 0, gpu: gpu0, capacity: 64M, latency: 500ns, bandwidth: 36GB/s, sdma_bandwidth: 25GB/s, sdma_window_latency: 2us, hbm_bandwidth: 1.6TB/s, page_fault_latency: 20us }
          - { id: 2, kind: device_coherent, host: n0, socket: 0, gpu: gpu1, capacity: 64M, latency: 500ns, bandwidth: 36GB/s, sdma_bandwidth: 25GB/s, sdma_window_latency: 2us, hbm_bandwidth: 1.6TB/s, page_fault_latency: 20us }
        """));

    /// <summary>A fresh world with the host built.</summary>
    protected GpuKit() : base(seed: 5)
    {
        Events = EventCollector.Attach(Sys);
        Done = CreateTestProbe("listener");
        Bus = CreateTestProbe("bus");
        var host = System.Hosts[0];
        var nodes = System.Nodes.ToDictionary(n => n.Id, n => n.Gpu is { } gpu
            ? Spawn(SimulationProps.Of(() => new Actors.Gpu.Gpu(gpu, n.Id, n.Capacity.Bytes, Telemetry.Gpu(gpu.Name))), gpu.Name)
            : Spawn(SimulationProps.Of(() => new MemoryNode(n.Id, n.Capacity.Bytes, WorkloadBytes)), $"node{n.Id}"));
        Machine = Machine.BuildHost(World, host.Name, HostProfile.For(host, Profiles.Zen3),
            System.Nodes.Select(n => new MachineMemory(n.Id, n.Socket, n.Capacity.Bytes, n.Bandwidth)).ToArray(), nodes);
        Gpus = System.Nodes.Where(n => n.Gpu is not null).ToDictionary(n => n.Id, n => n.Gpu!);
        var spec = new WorkloadSpec("app", "n0", 0, new ByteSize(WorkloadBytes), ByteSize.Page, 64, 1e6, 0, [], 8);
        var hostNodes = System.Nodes.Select(n => new HostNode(n.Id, n.Latency, n.Id == 0, n.Gpu is not null)).ToArray();
        var actor = Spawn(SimulationProps.Of(() => new Workload(spec, new WorkloadSetup(hostNodes, [(0, spec.Folios)], Bus.Ref, SimTime.FromMilliseconds(1), Telemetry))), "app");
        App = new TieringWorkload(spec, actor, 0, [0]);
        Telemetry.Node(0).UsedBytes = WorkloadBytes;
        Driver = Spawn(SimulationProps.Of(() => new KfdSvm(Machine, Gpus.ToDictionary(g => g.Key, g => (g.Value, nodes[g.Key])), [App], Bus.Ref, Telemetry)), "n0-kfd");
    }

    /// <summary>The workload's size: 32,768 pages.</summary>
    protected const long WorkloadBytes = 128L << 20;

    /// <summary>Unhandled messages and dead letters so far.</summary>
    protected EventCollector Events { get; }

    /// <summary>Per node, caller and GPU counters.</summary>
    protected TieringTelemetry Telemetry { get; } = new();

    /// <summary>Hears each finished request of the application.</summary>
    protected TestProbe Done { get; }

    /// <summary>Stands in for the memory bus.</summary>
    protected TestProbe Bus { get; }

    /// <summary>The host's machine.</summary>
    protected Machine Machine { get; }

    /// <summary>The GPUs by device node.</summary>
    protected IReadOnlyDictionary<int, GpuSpec> Gpus { get; }

    /// <summary>The workload.</summary>
    protected TieringWorkload App { get; }

    /// <summary>The driver.</summary>
    protected IActorRef Driver { get; }

    /// <summary>Starts the application with <paramref name="schedule"/>.</summary>
    protected IActorRef Start(params HipOp[] schedule) =>
        Spawn(SimulationProps.Of(() => new HipApplication(App, Driver, Gpus, schedule, Telemetry, Done.Ref)), "hip");

    /// <summary>A prefetch of <paramref name="pages"/> pages from page <paramref name="first"/> to <paramref name="device"/> at <paramref name="atUs"/> µs.</summary>
    protected static HipOp Prefetch(long first, long pages, int device, int stream = 0, long atUs = 0) =>
        new(HipOpKind.Prefetch, SimTime.FromMicroseconds(atUs), first, pages, device, stream);

    /// <summary>Where the workload's folios are: folios per node, isolated ones included.</summary>
    protected long UsedPages(int node) => Telemetry.Node(node).UsedBytes / ByteSize.Page.Bytes;

    /// <summary>A GPU's byte counter in pages.</summary>
    protected long GpuPages(string gpu, string counter) => Telemetry.Gpu(gpu).Bytes.GetValueOrDefault(counter) / ByteSize.Page.Bytes;

    /// <summary>What the calibrated kernel charges migrate_vma for <paramref name="pages"/> 4K pages besides the copy.</summary>
    protected SimTime KernelTime(long pages)
    {
        var (setup, finalize) = KfdSvm.Costs(Machine.Profile, pages, 1);
        return setup + finalize;
    }

    /// <summary>What gpu0's ring takes for <paramref name="pages"/> pages.</summary>
    protected SimTime RingTime(long pages) =>
        Gpus[1].SdmaWindowLatency * ((pages + 511) / 512) + SimTime.ForTransfer(pages * ByteSize.Page.Bytes, Gpus[1].SdmaBandwidth.BytesPerSecond);

    /// <summary>Isolates pages [first, first + pages) on <paramref name="nodes"/> as another caller would, and returns the reply.</summary>
    protected RangeIsolated IsolateAsAnotherCaller(long first, long pages, params int[] nodes)
    {
        var other = CreateTestProbe();
        App.Actor.Tell(new IsolateRange(first, pages, [.. nodes]), other);
        RunUntil(World.Now);
        return other.ExpectMsg<RangeIsolated>();
    }

    /// <summary>Every message of type <typeparamref name="T"/> <paramref name="probe"/> got so far, in order (others dropped).</summary>
    protected static List<T> Drain<T>(TestProbe probe)
    {
        var got = new List<T>();
        while (probe.HasMessages)
            if (probe.ReceiveOne(TimeSpan.Zero) is T m) got.Add(m);
        return got;
    }

    /// <summary>Runs to quiescence (the workload's epochs stop at <paramref name="until"/>) and checks nothing went unhandled.</summary>
    protected void RunTo(SimTime until)
    {
        RunUntil(until);
        Events.AssertNone();
    }
}
