using System.Collections.Immutable;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>Bytes a migrate_pages() call copied from <paramref name="Source"/> to <paramref name="Target"/>.</summary>
public sealed record MigrationTraffic(int Source, int Target, double Bytes);

/// <summary>One node's path as a host's bus sees it.</summary>
/// <param name="Id">The node id.</param>
/// <param name="BytesPerSecond">Its bandwidth from this host (a pool: this host's port).</param>
/// <param name="LoadedLatency">Its latency over the idle one when that bandwidth is used up.</param>
/// <param name="Device">For a pool with a bandwidth of its own, its <see cref="PoolDevice"/>.</param>
public sealed record BusNode(int Id, double BytesPerSecond, double LoadedLatency, IActorRef? Device = null);

/// <summary>A host's memory paths under load: every epoch it adds up what the workloads and the migrations moved to and from each
/// node, and tells the workloads the latency that load gives in the next epoch.</summary>
/// <remarks>Latency rises with the square of utilisation up to the node's loaded latency at saturation (an assumed shape: flat
/// while the controller has headroom, steep near it, as loaded-latency curves are). Migration copies count at both ends, so
/// promotion traffic slows the workloads' accesses to the same nodes. It settles half an epoch after the workloads do, so
/// their traffic of an epoch is all in. A pool's utilisation is the higher of this host's port's and the pool device's, which
/// the bus learns from the device a pool epoch after reporting its own traffic (<see cref="PoolTraffic"/>, <see cref="PoolLoad"/>).</remarks>
public sealed class MemoryBus : ActorBase
{
    private sealed record Settle
    {
        public static readonly Settle Instance = new();
    }

    private readonly IReadOnlyList<BusNode> _nodes;
    private readonly SimTime _epoch;
    private readonly TieringTelemetry _telemetry;
    private readonly double[] _bytes, _poolBytes, _deviceUtilisation;
    private readonly List<IActorRef> _workloads = [];
    private readonly SimTime _poolEpoch;
    private readonly int _settlesPerPoolEpoch;
    private int _settles;

    /// <summary>The bus of a host reaching <paramref name="nodes"/>, settling every <paramref name="epoch"/> and reporting to pool
    /// devices every <paramref name="poolEpoch"/> (a multiple of it).</summary>
    public MemoryBus(IReadOnlyList<BusNode> nodes, SimTime epoch, SimTime poolEpoch, TieringTelemetry telemetry)
    {
        _nodes = nodes;
        _epoch = epoch;
        _poolEpoch = poolEpoch;
        _settlesPerPoolEpoch = (int)(poolEpoch.Picoseconds / epoch.Picoseconds);
        _telemetry = telemetry;
        _bytes = new double[nodes.Count];
        _poolBytes = new double[nodes.Count];
        _deviceUtilisation = new double[nodes.Count];
        Context.ScheduleTellOnce(SimTime.FromPicoseconds(epoch.Picoseconds / 2), Self, Settle.Instance);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case NodeTraffic traffic:
                if (!_workloads.Contains(Sender)) _workloads.Add(Sender);
                for (var i = 0; i < _bytes.Length; i++) _bytes[i] += traffic.Bytes[i];
                return true;
            case MigrationTraffic copy:
                _bytes[Index(copy.Source)] += copy.Bytes;
                _bytes[Index(copy.Target)] += copy.Bytes;
                return true;
            case Settle:
                Publish();
                Context.ScheduleTellOnce(_epoch, Self, Settle.Instance);
                return true;
            case PoolLoad load:
                _deviceUtilisation[Index(load.Node)] = load.Utilisation;
                return true;
            default:
                return false;
        }
    }

    private void Publish()
    {
        var factors = ImmutableArray.CreateBuilder<double>(_nodes.Count);
        for (var i = 0; i < _nodes.Count; i++)
        {
            var n = _nodes[i];
            var utilisation = Math.Max(_deviceUtilisation[i], Math.Min(1, _bytes[i] / (n.BytesPerSecond * _epoch.TotalSeconds)));
            factors.Add(1 + (n.LoadedLatency - 1) * utilisation * utilisation);
            _telemetry.Node(n.Id).TrafficBytes += _bytes[i];
            _poolBytes[i] += _bytes[i];
            _bytes[i] = 0;
        }
        if (++_settles % _settlesPerPoolEpoch == 0)
            for (var i = 0; i < _nodes.Count; i++)
            {
                if (_nodes[i].Device is not { } device) continue;
                Context.ScheduleTellOnce(_poolEpoch, device, new PoolTraffic(_nodes[i].Id, _poolBytes[i]));
                _poolBytes[i] = 0;
            }
        var load = new NodeLoad(factors.MoveToImmutable());
        foreach (var w in _workloads) w.Tell(load, Self);
    }

    private int Index(int node)
    {
        for (var i = 0; i < _nodes.Count; i++)
            if (_nodes[i].Id == node) return i;
        throw new ArgumentOutOfRangeException(nameof(node), node, "The host's bus has no such node");
    }
}
