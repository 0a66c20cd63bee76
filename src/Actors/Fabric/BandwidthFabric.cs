using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Fabric;

/// <summary>The shared data paths of a machine (memory controllers, socket links, engine paths shared by channels) as one
/// actor that divides their capacities max-min fairly among the active transfers, re-timing them all whenever one starts or ends.</summary>
/// <remarks>
/// Protocol: <see cref="StartTransfer"/> from any actor; <see cref="TransferDone"/> back to that sender when its bytes are moved.
/// One actor for all resources, because max-min fairness across resources that transfers share (a channel pair and the socket
/// link, say) needs the whole picture: rates come from progressive filling, where every unfrozen transfer rises together until
/// a resource saturates or it reaches its own cap.
/// Rates are recomputed only when the set of transfers changes. The fabric wakes itself at the next completion; a wake-up
/// already booked for a later time is left to arrive and find nothing to do, which is cheaper than cancelling it.
/// When one transfer is alone, the wake-up at its end would only tell its owner: so the fabric books that
/// <see cref="TransferDone"/> itself, at the wake-up's time, and settles its books on the next message, as the wake-up would
/// have left them (the transfer is over if the booked send came up before that message; if not, the message came first in
/// the world's order, and a wake-up is booked for that time instead, as there would have been). A lone transfer's end then costs
/// one event instead of two, with the same times and rates.
/// </remarks>
public sealed class BandwidthFabric : ActorBase
{
    private const int MaxTransfers = 1024;

    /// <summary>The fabric's own timer: the next transfer may be done.</summary>
    private sealed record Wake
    {
        public static readonly Wake Instance = new();
    }

    private readonly double[] _capacity;
    private readonly string[] _names;
    private readonly double[] _used;
    private readonly int[] _unfrozenUsers;
    private readonly Transfer[] _active = new Transfer[MaxTransfers];
    private int _count;
    private long _lastUpdatePs;
    private long _wakeAtPs = -1;
    private BookedSend? _loneDone;

    private struct Transfer
    {
        public long Token;
        public IActorRef Owner;
        public double RemainingBytes;
        public double Cap;
        public ResourceSet Resources;
        public double Rate;
        public bool Frozen;
    }

    /// <summary>A fabric of resources with the given names and capacities, indexed in this order.</summary>
    public BandwidthFabric(IReadOnlyList<(string Name, Bandwidth Capacity)> resources)
    {
        _names = resources.Select(r => r.Name).ToArray();
        _capacity = resources.Select(r => r.Capacity.BytesPerSecond).ToArray();
        _used = new double[_capacity.Length];
        _unfrozenUsers = new int[_capacity.Length];
    }

    /// <summary>Transfers in flight now.</summary>
    public int ActiveCount => _loneDone is { IsPending: false } ? 0 : _count;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case StartTransfer start:
                SettleLoneDone();
                Start(start);
                return true;
            case Wake:
                SettleLoneDone();
                Advance();
                CompleteFinished();
                Reschedule();
                return true;
            default:
                return false;
        }
    }

    private void Start(StartTransfer start)
    {
        if (start.Bytes <= 0) throw new ArgumentOutOfRangeException(nameof(start), start.Bytes, "A transfer moves at least one byte");
        if (!(start.CapBytesPerSec > 0)) throw new ArgumentOutOfRangeException(nameof(start), start.CapBytesPerSec, "A transfer needs a positive rate cap");
        for (var i = 0; i < ResourceSet.Capacity; i++)
            if (start.Resources[i] >= _capacity.Length) throw new ArgumentOutOfRangeException(nameof(start), start.Resources[i], "Unknown fabric resource");
        if (_count == MaxTransfers) throw new InvalidOperationException($"More than {MaxTransfers} concurrent transfers on the fabric");
        Advance();
        _active[_count++] = new Transfer
        {
            Token = start.Token,
            Owner = Sender,
            RemainingBytes = start.Bytes,
            Cap = start.CapBytesPerSec,
            Resources = start.Resources,
        };
        Reschedule();
    }

    /// <summary>Moves every active transfer forward at its current rate up to now.</summary>
    private void Advance()
    {
        var now = Context.Now().Picoseconds;
        var seconds = (now - _lastUpdatePs) * 1e-12;
        _lastUpdatePs = now;
        if (seconds <= 0) return;
        for (var i = 0; i < _count; i++) _active[i].RemainingBytes -= _active[i].Rate * seconds;
    }

    /// <summary>Tells the owners of finished transfers, in the order the transfers started.</summary>
    private void CompleteFinished()
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var t = ref _active[i];
            if (IsDone(t.RemainingBytes, t.Rate)) t.Owner.Tell(new TransferDone(t.Token), Self);
            else _active[kept++] = t;
        }
        Array.Clear(_active, kept, _count - kept);
        _count = kept;
    }

    private void Reschedule()
    {
        ComputeRates();
        var soonest = double.MaxValue;
        for (var i = 0; i < _count; i++) soonest = Math.Min(soonest, _active[i].RemainingBytes / _active[i].Rate);
        if (_count == 0) return;
        var now = Context.Now().Picoseconds;
        var wakeAt = now + (long)Math.Ceiling(Math.Max(0, soonest) * 1e12);
        if (_wakeAtPs > now && _wakeAtPs <= wakeAt) return; // a wake-up at or before the next completion is already booked
        _wakeAtPs = wakeAt;
        if (_count == 1 && IsDone(RemainingAt(_active[0], wakeAt), _active[0].Rate))
            _loneDone = Context.BookTellOnce(new SimTime(wakeAt - now), _active[0].Owner, new TransferDone(_active[0].Token));
        else Context.ScheduleTellOnce(new SimTime(wakeAt - now), Self, Wake.Instance);
    }

    /// <summary>Settles a <see cref="TransferDone"/> booked for a lone transfer before the fabric handles anything else.</summary>
    private void SettleLoneDone()
    {
        if (_loneDone is not { } booked) return;
        _loneDone = null;
        if (booked.IsPending)
        {
            // This message comes before the booked end in the world's order: the wake-up that end stands for is booked instead.
            booked.Cancel();
            Context.ScheduleTellOnce(new SimTime(_wakeAtPs - Context.Now().Picoseconds), Self, Wake.Instance);
            return;
        }
        // The booked end came up: the wake-up would have completed the transfer then, and left nothing else to do.
        _active[0] = default;
        _count = 0;
    }

    /// <summary>What <see cref="Advance"/> would leave of <paramref name="t"/> at <paramref name="atPs"/>, the same arithmetic.</summary>
    private double RemainingAt(in Transfer t, long atPs)
    {
        var seconds = (atPs - _lastUpdatePs) * 1e-12;
        return seconds <= 0 ? t.RemainingBytes : t.RemainingBytes - t.Rate * seconds;
    }

    /// <summary>Completion times are rounded up to a whole picosecond, so what is left of a finished transfer is at most one
    /// picosecond's worth.</summary>
    private static bool IsDone(double remainingBytes, double rate) => remainingBytes <= rate * 1e-12 + 1e-6;

    /// <summary>Progressive filling: raise all unfrozen rates together until a resource saturates or a transfer hits its cap.</summary>
    private void ComputeRates()
    {
        Array.Clear(_used);
        var unfrozen = _count;
        for (var i = 0; i < _count; i++)
        {
            _active[i].Rate = 0;
            _active[i].Frozen = false;
        }
        while (unfrozen > 0)
        {
            Array.Clear(_unfrozenUsers);
            for (var i = 0; i < _count; i++)
            {
                if (_active[i].Frozen) continue;
                for (var k = 0; k < ResourceSet.Capacity; k++)
                    if (_active[i].Resources[k] is var r and >= 0) _unfrozenUsers[r]++;
            }
            var increment = double.MaxValue;
            for (var r = 0; r < _capacity.Length; r++)
                if (_unfrozenUsers[r] > 0) increment = Math.Min(increment, (_capacity[r] - _used[r]) / _unfrozenUsers[r]);
            for (var i = 0; i < _count; i++)
                if (!_active[i].Frozen) increment = Math.Min(increment, _active[i].Cap - _active[i].Rate);
            increment = Math.Max(increment, 0);
            for (var i = 0; i < _count; i++)
            {
                ref var t = ref _active[i];
                if (t.Frozen) continue;
                t.Rate += increment;
                for (var k = 0; k < ResourceSet.Capacity; k++)
                    if (t.Resources[k] is var r and >= 0) _used[r] += increment;
            }
            var frozeAny = false;
            for (var i = 0; i < _count; i++)
            {
                ref var t = ref _active[i];
                if (t.Frozen) continue;
                var saturated = t.Cap - t.Rate <= t.Cap * 1e-12;
                for (var k = 0; k < ResourceSet.Capacity && !saturated; k++)
                    if (t.Resources[k] is var r and >= 0 && _capacity[r] - _used[r] <= _capacity[r] * 1e-12) saturated = true;
                if (!saturated) continue;
                t.Frozen = true;
                frozeAny = true;
                unfrozen--;
            }
            if (!frozeAny) break; // numerically stuck: every rate already got its last increment
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"BandwidthFabric({string.Join(", ", _names)})";
}
