using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>What one host moved to and from pool node <paramref name="Node"/> in the last pool epoch.</summary>
public sealed record PoolTraffic(int Node, double Bytes);

/// <summary>The pool device's utilisation in its last epoch, 0 to 1.</summary>
public sealed record PoolLoad(int Node, double Utilisation);

/// <summary>A CXL memory pool's device: the bandwidth behind the switch that every attached host's port shares. Hosts tell it
/// their traffic once per pool epoch, and it tells them back the utilisation: both messages take one pool epoch, so hosts are
/// coupled only through messages whose latency is known (a partitioned run's lookahead), never through shared objects.</summary>
/// <remarks>The pool epoch is the price of that coupling: the finer it is, the sooner a host sees the others' load, and the
/// shorter the windows of a partitioned run. Protocol: <see cref="PoolTraffic"/> from each host's <see cref="MemoryBus"/>;
/// <see cref="PoolLoad"/> back to every bus that reported.</remarks>
public sealed class PoolDevice : ActorBase
{
    private sealed record Settle
    {
        public static readonly Settle Instance = new();
    }

    private readonly int _node;
    private readonly double _bytesPerSecond;
    private readonly SimTime _epoch;
    private readonly List<IActorRef> _buses = [];
    private double _bytes;

    /// <summary>The device of pool <paramref name="node"/>, <paramref name="bytesPerSecond"/> in all, settling every <paramref name="epoch"/>
    /// at <paramref name="offset"/> into it (after the hosts' reports of that epoch are in).</summary>
    public PoolDevice(int node, double bytesPerSecond, SimTime epoch, SimTime offset)
    {
        _node = node;
        _bytesPerSecond = bytesPerSecond;
        _epoch = epoch;
        Context.ScheduleTellOnce(epoch + offset, Self, Settle.Instance);
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case PoolTraffic traffic:
                if (!_buses.Contains(Sender)) _buses.Add(Sender);
                _bytes += traffic.Bytes;
                return true;
            case Settle:
                var load = new PoolLoad(_node, Math.Min(1, _bytes / (_bytesPerSecond * _epoch.TotalSeconds)));
                _bytes = 0;
                foreach (var bus in _buses) Context.ScheduleTellOnce(_epoch, bus, load);
                Context.ScheduleTellOnce(_epoch, Self, Settle.Instance);
                return true;
            default:
                return false;
        }
    }
}
