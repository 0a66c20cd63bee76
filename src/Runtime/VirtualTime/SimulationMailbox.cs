using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The message queue of one simulation actor, and the actor's place in the world: its id in creation order, its
/// send counter, and how long it is busy.</summary>
/// <remarks>The world appends a message when its delivery event comes up; Akka's mailbox takes it out with
/// <see cref="TryDequeue"/>, which is where a delivery is folded into the trace. While the actor is busy
/// (<see cref="SimulationContext.Occupy"/>) nothing can be taken out: messages wait, and queueing emerges.
/// Double-ended, so Akka's <c>Stash</c> can put messages back in front.</remarks>
public sealed class SimulationMailbox : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private readonly SimulationWorld _world;
    private Item[] _items = new Item[4]; // a power of two, so positions wrap with a mask
    private int _head, _count;

    internal SimulationMailbox(SimulationWorld world, IActorRef owner, WorldShard shard, ulong id)
    {
        _world = world;
        Owner = owner;
        Shard = shard;
        Id = id;
    }

    /// <summary>The actor this queue belongs to.</summary>
    public IActorRef Owner { get; }

    /// <summary>The sender id of this actor's sends: its rank in the world's creation order (1 for the root), or in its shard's.</summary>
    public ulong Id { get; }

    /// <summary>The shard the actor belongs to: its creator's (code outside the world: the shard it acts for).</summary>
    internal WorldShard Shard { get; }

    /// <summary>This actor's sends so far: the last field of their delivery keys.</summary>
    internal long SendSeq;

    /// <summary>Virtual time (picoseconds) until which the actor is busy.</summary>
    internal long BusyUntilPs;

    /// <summary>True while a <see cref="WorldEventKind.Resume"/> for the end of the busy period is pending.</summary>
    internal bool ResumeScheduled;

    /// <summary>Akka asked for a run while this mailbox was already running.</summary>
    internal bool RunRequested;

    /// <summary>Messages taken out so far: how the driver sees that a mailbox run made progress.</summary>
    internal long Dequeued;

    /// <summary>True once the actor stopped and Akka cleaned the queue up.</summary>
    internal bool IsClosed;

    /// <summary>Akka's mailbox around this queue, known from its first run.</summary>
    internal Mailbox? AkkaMailbox;

    /// <inheritdoc />
    public bool HasMessages => _count > 0 && BusyUntilPs <= _world.NowPs;

    /// <inheritdoc />
    public int Count => _count;

    /// <summary>Appends a message whose delivery event came up, with that event's key.</summary>
    internal void Append(in Envelope envelope, in DeliveryKey key)
    {
        if (_count == _items.Length) Grow();
        _items[(_head + _count++) & (_items.Length - 1)] = new Item(envelope, key);
    }

    /// <summary>Akka puts a message at the back outside a delivery (never on the hot path): it is keyed as a send of the running actor.</summary>
    public void Enqueue(IActorRef receiver, Envelope envelope) => Append(envelope, _world.NextKey(DeliveryPriority.Normal));

    /// <summary>Akka's <c>Stash.Unstash</c>: the message goes back in front, keyed as a send of this actor now.</summary>
    public void EnqueueFirst(Envelope envelope)
    {
        if (_count == _items.Length) Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _count++;
        _items[_head] = new Item(envelope, _world.KeyOf(this, _world.NowPs, DeliveryPriority.Normal));
    }

    /// <inheritdoc />
    public bool TryDequeue(out Envelope envelope)
    {
        if (_count == 0 || BusyUntilPs > _world.NowPs)
        {
            envelope = default;
            return false;
        }
        ref var item = ref _items[_head];
        envelope = item.Envelope;
        _world.FoldDelivery(item.Key, this, envelope.Message);
        item = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        Dequeued++;
        return true;
    }

    /// <summary>The actor stopped: what still waits goes to dead letters, in order.</summary>
    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        IsClosed = true;
        while (_count > 0)
        {
            deadletters.Enqueue(owner, _items[_head].Envelope);
            _items[_head] = default;
            _head = (_head + 1) & (_items.Length - 1);
            _count--;
        }
    }

    private void Grow()
    {
        var items = new Item[_items.Length * 2];
        for (var i = 0; i < _count; i++) items[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = items;
        _head = 0;
    }

    private readonly record struct Item(Envelope Envelope, DeliveryKey Key);
}
