using ActorMigration.Contracts.Units;
using Akka.Actor;
using Akka.Dispatch;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>A world that holds one partition of a model: stand-ins for the actors of other partitions, the outbox of sends to
/// them, and the injection of theirs (a conservatively synchronised run, see <see cref="AdvanceTo"/>).</summary>
public sealed partial class SimulationWorld
{
    private readonly Dictionary<string, PartitionStandIn> _standIns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActorCell> _receivers = new(StringComparer.Ordinal);
    private List<CrossingSend> _outbox = [];
    private long _lookaheadPs = long.MaxValue;

    /// <summary>The least delay of a send to another partition: the windows of the run are this long. Infinite until set.</summary>
    public SimTime Lookahead
    {
        get => SimTime.FromPicoseconds(_lookaheadPs);
        set
        {
            if (value <= SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(value), value, "A lookahead is a positive latency");
            _lookaheadPs = value.Picoseconds;
        }
    }

    /// <summary>The stand-in of top-level simulation actor <paramref name="name"/> of another partition: sends to it scheduled
    /// at least <see cref="Lookahead"/> ahead leave this world through <see cref="TakeCrossings"/>.</summary>
    public IActorRef StandIn(string name)
    {
        if (_standIns.TryGetValue(name, out var standIn)) return standIn;
        var path = ((ExtendedActorSystem)System).Guardian.Path / RootName / name;
        return _standIns[name] = new PartitionStandIn(this, name, path, ((ExtendedActorSystem)System).Provider);
    }

    /// <summary>The sends to other partitions made since the last call, in the order they were made.</summary>
    public IReadOnlyList<CrossingSend> TakeCrossings()
    {
        Enter();
        var taken = _outbox;
        _outbox = [];
        return taken;
    }

    /// <summary>Delivers a send from another partition to top-level actor <see cref="CrossingSend.Receiver"/> under its original
    /// key, its sender being the stand-in of <see cref="CrossingSend.Sender"/>. It must not be due before now.</summary>
    public void Inject(CrossingSend send)
    {
        Enter();
        if (send.TimePs < NowPs)
            throw new InvalidOperationException($"A message for {send.Receiver} from {send.Sender} due at {SimTime.FromPicoseconds(send.TimePs)} arrived when this world was already at {Now}: its latency is below the lookahead {Lookahead}");
        if (!_receivers.TryGetValue(send.Receiver, out var cell))
        {
            if (RootCell.GetSingleChild(send.Receiver) is not LocalActorRef { Cell: ActorCell found })
                throw new InvalidOperationException($"A message from {send.Sender} is for {send.Receiver}, which this partition does not hold");
            _receivers[send.Receiver] = cell = found;
        }
        _heap.Enqueue(WorldEvent.Deliver(cell, new Envelope(send.Message, StandIn(send.Sender), System)), send.Key);
    }

    /// <summary>A send to the stand-in <paramref name="receiver"/> after <paramref name="delayPs"/>: into the outbox, keyed as in one world.</summary>
    internal void Cross(PartitionStandIn receiver, long delayPs, object message, IActorRef? sender)
    {
        if (!CheckThread(receiver, message)) return;
        var from = sender is null || sender.IsNobody() ? "outside" : sender.Path.Name;
        if (delayPs < _lookaheadPs)
        {
            Refuse(new DeterminismViolationException(
                $"{from} sent {message.GetType().Name} to {receiver.Name}, which another partition holds, {SimTime.FromPicoseconds(delayPs)} ahead: " +
                $"a message between partitions must travel at least the lookahead {Lookahead} (a plain Tell has no latency)"));
            return;
        }
        var key = KeyOf(_current, NowPs + delayPs, DeliveryPriority.Normal);
        _outbox.Add(new CrossingSend(key.TimePs, key.Priority, key.SenderId, key.SenderSeq, receiver.Name, from, message));
    }
}
