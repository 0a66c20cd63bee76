using ActorMigration.Runtime.Actor;
using Google.Protobuf;

namespace ActorMigration.Runtime.Persistence;

/// <summary>An actor whose state is the fold of the events it journals, rebuilt from the journal when it starts
/// (Akka's <c>PersistentActor</c>); events and snapshots are Protocol Buffers messages.</summary>
/// <remarks>
/// <para><b>Recovery</b> runs synchronously in <see cref="PreStart"/> (so again after a restart): the latest snapshot is
/// offered to <see cref="ReceiveRecover"/> as a <see cref="SnapshotOffer"/>, the events after it are replayed in sequence
/// order, then <see cref="RecoveryCompleted"/> is handed to it. No message can reach the actor before that, so commands
/// sent to a new actor always find it recovered. A damaged row, an undecodable payload, an incomplete last write batch
/// holding this actor's events, or a recovery handler that throws ends recovery: <see cref="OnRecoveryFailure"/>, then
/// the actor stops. Nothing is silently skipped.</para>
/// <para><b>Commands</b> go to <see cref="ReceiveCommand"/>. <see cref="Persist{TEvent}"/>, <see cref="PersistAll{TEvent}"/>
/// and <see cref="Defer{TEvent}"/> queue events stamped with the virtual time of the call; when the command handler
/// returns, every event it persisted is written in one atomic write batch, then the handlers run in the order of the
/// calls, with <see cref="ActorBase.Sender"/> still the command's sender and <see cref="LastSequenceNr"/> the event's
/// number. Events persisted by those handlers form the next batch, written after the current batch's handlers ran; and
/// so on until none is pending. Only then does the runtime deliver the next message: Akka's guarantee that commands
/// arriving while events are being persisted are stashed until their handlers ran holds here by construction, because
/// the store is called synchronously, and is checked on every delivery. A command handler that throws persists nothing.</para>
/// <para><b>Failures</b>: a write that fails calls <see cref="OnPersistFailure"/> for the batch's first event and stops
/// the actor (the batch's handlers do not run); an event the codec cannot encode is not written and calls
/// <see cref="OnPersistRejected"/> in its handler's place. <see cref="SaveSnapshot"/> and <see cref="DeleteMessages"/>
/// act at once and tell their outcome to the actor itself, as Akka's stores reply.</para>
/// <para><b>Virtual time</b>: store calls take none and, but for those two replies, add no delivery, so a run's trace
/// hash does not depend on whether or where it journals.</para>
/// <para>Change behaviour with this class's <see cref="Become(Receive)"/> and <see cref="BecomeStacked(Receive)"/>, which
/// replace the command handler; <c>Context.Become</c> would bypass persistence (and <c>Persist</c> then throws).</para>
/// </remarks>
public abstract class PersistentActor : ActorBase
{
    private readonly Receive _receiveCommand;
    private List<PendingInvocation> _pending = [];
    private PersistenceExtension? _persistence;
    private string? _persistenceId;
    private Phase _phase;
    private bool _inHandler;
    private long _assignedSequenceNr;
    private long _writtenSequenceNr;

    /// <summary>Where this actor is in its life: the gate every delivery passes.</summary>
    private enum Phase
    {
        /// <summary>Created; recovery has not run (a <c>PreStart</c> override must call the base).</summary>
        NotStarted,

        /// <summary>Replaying the snapshot and events into <see cref="ReceiveRecover"/>.</summary>
        Recovering,

        /// <summary>Ready for the next command.</summary>
        ProcessingCommands,

        /// <summary>Writing a batch of events or running its handlers: no command may be delivered.</summary>
        PersistingEvents,

        /// <summary>Recovery or a write failed; the actor's stop is queued and whatever still reaches it is a dead letter.</summary>
        Failed,
    }

    /// <summary>Binds the initial command handler; recovery waits for <see cref="PreStart"/>.</summary>
    protected PersistentActor() => _receiveCommand = ReceiveCommand;

    /// <summary>The identity of this actor's history in the journal; the same after a restart or in a new run, so it is found again.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event persisted (in a persist handler: of that event) or replayed; 0 for none.</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The sequence number a snapshot saved now is taken at: <see cref="LastSequenceNr"/>.</summary>
    public long SnapshotSequenceNr => LastSequenceNr;

    /// <summary>True while the snapshot and events are being replayed.</summary>
    public bool IsRecovering => _phase == Phase.Recovering;

    private PersistenceExtension Persistence => _persistence
        ?? throw new InvalidOperationException($"{Self.Path} has not started its recovery: an override of PreStart must call base.PreStart()");

    private string Id => _persistenceId!;

    /// <summary>Handles the <see cref="SnapshotOffer"/>, the replayed events and <see cref="RecoveryCompleted"/>;
    /// false for an event or offer is reported as unhandled (the state would silently lack it).</summary>
    protected abstract bool ReceiveRecover(object message);

    /// <summary>Handles a command, typically by persisting events whose handlers change the state.</summary>
    protected abstract bool ReceiveCommand(object message);

    /// <summary>Called when recovery failed with <paramref name="cause"/>, while replaying <paramref name="event"/> (an event
    /// or the <see cref="SnapshotOffer"/>) if it was decoded; the actor is stopped afterwards (as in Akka), without having
    /// handled any command.</summary>
    protected virtual void OnRecoveryFailure(Exception cause, object? @event)
    {
    }

    /// <summary>Called when the write batch holding <paramref name="event"/> (sequence number <paramref name="sequenceNr"/>)
    /// failed, for example with a <see cref="StoreUnavailableException"/>; the actor is stopped afterwards (as in Akka),
    /// since whether the batch was stored is not known. Throw instead to let the supervisor decide: a restart recovers
    /// the state from the journal.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
    }

    /// <summary>Called in place of the handler of an event that was not written because it could not be encoded (its type
    /// is not registered with the codec); by default throws a <see cref="PersistenceException"/> around
    /// <paramref name="cause"/>, failing the actor so its supervisor decides (Akka only logs a warning, and a lost event must not go unnoticed here).</summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        throw new PersistenceException($"{Self.Path} could not persist event {sequenceNr} ({@event.GetType().Name}) of '{Id}': {cause.Message}", cause);

    /// <summary>Runs recovery; an override must call it first.</summary>
    protected internal override void PreStart() => StartRecovery();

    /// <summary>Ignores <see cref="RecoveryCompleted"/>, <see cref="SaveSnapshotSuccess"/> and <see cref="DeleteMessagesSuccess"/>
    /// when not handled; anything else goes to <see cref="ActorBase.Unhandled"/>.</summary>
    protected internal override void Unhandled(object message)
    {
        if (message is RecoveryCompleted or SaveSnapshotSuccess or DeleteMessagesSuccess) return;
        base.Unhandled(message);
    }

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message) => AroundReceive(_receiveCommand, message);

    /// <summary>Replaces the command handler (Akka's <c>Become</c> in a persistent actor; the recovery handler stays).</summary>
    protected new void Become(Receive commandHandler)
    {
        ArgumentNullException.ThrowIfNull(commandHandler);
        base.Become(message => AroundReceive(commandHandler, message));
    }

    /// <summary>Pushes a command handler, to be popped by <see cref="ActorBase.UnbecomeStacked"/>.</summary>
    protected new void BecomeStacked(Receive commandHandler)
    {
        ArgumentNullException.ThrowIfNull(commandHandler);
        base.BecomeStacked(message => AroundReceive(commandHandler, message));
    }

    /// <summary>Journals <paramref name="event"/> and then calls <paramref name="handler"/> with it, after the current
    /// handler returns and after the handlers of events persisted before it.</summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : IMessage
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(handler);
        EnsureMayPersist(nameof(Persist));
        AddAtomicWrite([@event], handler);
    }

    /// <summary>Journals <paramref name="events"/> atomically (all or none) and then calls <paramref name="handler"/> with
    /// each, in order; nothing for no events.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : IMessage
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        EnsureMayPersist(nameof(PersistAll));
        var list = events.ToList();
        if (list.Exists(e => e is null)) throw new ArgumentException("PersistAll got a null event", nameof(events));
        if (list.Count > 0) AddAtomicWrite(list, handler);
    }

    /// <summary>Calls <paramref name="handler"/> with <paramref name="event"/>, which is not journaled, after the handlers of
    /// every event persisted before it; at once when no persisted event awaits its handler (Akka's <c>Defer</c>).</summary>
    protected void Defer<TEvent>(TEvent @event, Action<TEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(handler);
        EnsureMayPersist(nameof(Defer));
        if (_phase == Phase.ProcessingCommands && _pending.Count == 0)
        {
            handler(@event);
            return;
        }

        _pending.Add(new PendingInvocation(@event, 0, null, null, e => handler((TEvent)e)));
    }

    /// <summary>Saves <paramref name="snapshot"/> as the state after event <see cref="SnapshotSequenceNr"/>, at the current
    /// virtual time; tells <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/> to this actor.</summary>
    protected void SaveSnapshot(IMessage snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var persistence = Persistence;
        var metadata = new SnapshotMetadata(Id, SnapshotSequenceNr, Context.Now.Picoseconds);
        object outcome;
        try
        {
            persistence.SnapshotStore.SaveSnapshot(metadata, persistence.Codec.ManifestOf(snapshot), snapshot.ToByteArray());
            outcome = new SaveSnapshotSuccess(metadata);
        }
        catch (Exception cause)
        {
            outcome = new SaveSnapshotFailure(metadata, cause);
        }

        Self.Tell(outcome, Self);
    }

    /// <summary>Marks this actor's events up to <paramref name="toSequenceNr"/> deleted (<see cref="long.MaxValue"/>: up to
    /// <see cref="LastSequenceNr"/>): replay skips them, sequence numbers go on. Tells <see cref="DeleteMessagesSuccess"/>
    /// or <see cref="DeleteMessagesFailure"/> to this actor; beyond <see cref="LastSequenceNr"/> is a failure.</summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var persistence = Persistence;
        object outcome;
        if (toSequenceNr != long.MaxValue && toSequenceNr > LastSequenceNr)
        {
            outcome = new DeleteMessagesFailure(
                new ArgumentOutOfRangeException(nameof(toSequenceNr), toSequenceNr, $"must be at most LastSequenceNr {LastSequenceNr} (or long.MaxValue)"),
                toSequenceNr);
        }
        else
        {
            try
            {
                persistence.Journal.DeleteMessagesTo(Id, Math.Min(toSequenceNr, LastSequenceNr));
                outcome = new DeleteMessagesSuccess(toSequenceNr);
            }
            catch (Exception cause)
            {
                outcome = new DeleteMessagesFailure(cause, toSequenceNr);
            }
        }

        Self.Tell(outcome, Self);
    }

    /// <summary>Replays the latest snapshot and the events after it, then hands over <see cref="RecoveryCompleted"/>.</summary>
    private void StartRecovery()
    {
        _persistence = PersistenceExtension.Get(Context.System);
        var id = PersistenceId;
        if (string.IsNullOrEmpty(id)) throw new InvalidOperationException($"{Self.Path} has an empty PersistenceId");
        _persistenceId = id;
        _phase = Phase.Recovering;
        object? replaying = null;
        try
        {
            var journal = _persistence.Journal;
            var codec = _persistence.Codec;
            var snapshot = _persistence.SnapshotStore.LoadSnapshot(id, SnapshotSelectionCriteria.Latest);
            if (snapshot is not null)
            {
                var offer = new SnapshotOffer(snapshot.Metadata, codec.Deserialize(snapshot.Manifest, snapshot.Snapshot));
                replaying = offer;
                LastSequenceNr = snapshot.Metadata.SequenceNr;
                if (!ReceiveRecover(offer)) Unhandled(offer);
            }

            var outcome = journal.ReplayMessages(id, LastSequenceNr + 1, long.MaxValue, long.MaxValue, repr =>
            {
                replaying = null;
                var @event = codec.Deserialize(repr.Manifest, repr.Payload);
                replaying = @event;
                LastSequenceNr = repr.SequenceNr;
                if (!ReceiveRecover(@event)) Unhandled(@event);
            });
            replaying = null;
            if (outcome.IncompleteTail is { } tail)
            {
                // Writing after it would turn the journal's incomplete last batch into corruption in its middle.
                throw new CorruptedDataException($"recovering '{id}': {tail}; its events were not replayed", "journal", tail.FirstOrdering, id);
            }

            LastSequenceNr = Math.Max(LastSequenceNr, journal.ReadHighestSequenceNr(id, 0));
            _assignedSequenceNr = _writtenSequenceNr = LastSequenceNr;
            _phase = Phase.ProcessingCommands;
            Handle(ReceiveRecover, RecoveryCompleted.Instance);
        }
        catch (Exception cause) when (_phase != Phase.Failed)
        {
            Abort();
            _phase = Phase.Failed;
            try
            {
                OnRecoveryFailure(cause, replaying);
            }
            finally
            {
                Context.Stop(Self);
            }
        }
    }

    /// <summary>The gate of every delivery: commands only when recovered and no event is pending.</summary>
    private bool AroundReceive(Receive commandHandler, object message)
    {
        switch (_phase)
        {
            case Phase.ProcessingCommands:
                return Handle(commandHandler, message);
            case Phase.Failed:
                Context.System.PublishDeadLetter(message, ActorSystem.CurrentSender, Self);
                return true;
            case Phase.NotStarted:
                throw new InvalidOperationException($"{Self.Path} got {message.GetType().Name} before its recovery ran: an override of PreStart must call base.PreStart()");
            default:
                throw new InvalidOperationException($"{Self.Path} got {message.GetType().Name} while {_phase}: the runtime delivered a message inside a persistent actor's handler");
        }
    }

    /// <summary>Runs a handler that may persist, then writes what it persisted and runs the persist handlers.</summary>
    private bool Handle(Receive handler, object message)
    {
        bool handled;
        _inHandler = true;
        try
        {
            handled = handler(message);
        }
        catch
        {
            Abort();
            throw;
        }
        finally
        {
            _inHandler = false;
        }

        FlushPending();
        return handled;
    }

    /// <summary>Writes the pending events as one batch and runs their handlers, batch after batch, until none is pending.</summary>
    private void FlushPending()
    {
        while (_pending.Count > 0)
        {
            var batch = _pending;
            _pending = [];
            _phase = Phase.PersistingEvents;
            var writes = batch.Where(i => i.Repr is not null).Select(i => i.Repr!).ToList();
            if (writes.Count > 0)
            {
                try
                {
                    Persistence.Journal.WriteMessages(writes);
                }
                catch (Exception cause)
                {
                    var first = batch.First(i => i.Repr is not null);
                    FailPersist(cause, first.Event, first.SequenceNr);
                    return;
                }

                _writtenSequenceNr = writes[^1].SequenceNr;
            }

            _inHandler = true;
            try
            {
                foreach (var invocation in batch)
                {
                    if (invocation.Rejection is { } rejection)
                    {
                        OnPersistRejected(rejection, invocation.Event, invocation.SequenceNr);
                        continue;
                    }

                    if (invocation.Repr is not null) LastSequenceNr = invocation.SequenceNr;
                    invocation.Handler(invocation.Event);
                }
            }
            catch
            {
                Abort();
                throw;
            }
            finally
            {
                _inHandler = false;
            }
        }

        _phase = Phase.ProcessingCommands;
    }

    private void FailPersist(Exception cause, object @event, long sequenceNr)
    {
        Abort();
        OnPersistFailure(cause, @event, sequenceNr);
        _phase = Phase.Failed;
        Context.Stop(Self);
    }

    /// <summary>Drops the events not yet written and their handlers; numbering goes on after the last written event.</summary>
    private void Abort()
    {
        _pending.Clear();
        _assignedSequenceNr = LastSequenceNr = _writtenSequenceNr;
        if (_phase == Phase.PersistingEvents) _phase = Phase.ProcessingCommands;
    }

    private void EnsureMayPersist(string operation)
    {
        if (_phase == Phase.Recovering)
            throw new InvalidOperationException($"{Self.Path} called {operation} while replaying its events: recovery only rebuilds state (persist at RecoveryCompleted at the earliest)");
        if (!_inHandler || _phase is not (Phase.ProcessingCommands or Phase.PersistingEvents))
            throw new InvalidOperationException(
                $"{Self.Path} called {operation} outside a command or persist handler (a behaviour set with Context.Become bypasses persistence: use PersistentActor.Become)");
    }

    /// <summary>Queues one atomic write: the events get the next sequence numbers and the current virtual time.</summary>
    private void AddAtomicWrite<TEvent>(IReadOnlyList<TEvent> events, Action<TEvent> handler)
        where TEvent : IMessage
    {
        var timestampPs = Context.Now.Picoseconds;
        var codec = Persistence.Codec;
        var invocations = new List<PendingInvocation>(events.Count);
        Exception? rejection = null;
        foreach (var @event in events)
        {
            var sequenceNr = ++_assignedSequenceNr;
            PersistentRepr? repr = null;
            if (rejection is null)
            {
                try
                {
                    repr = codec.ToRepr(Id, sequenceNr, timestampPs, @event);
                }
                catch (ArgumentException error)
                {
                    rejection = error;
                }
            }

            invocations.Add(new PendingInvocation(@event, sequenceNr, repr, null, e => handler((TEvent)e)));
        }

        // An atomic write is rejected as a whole, as in Akka.
        _pending.AddRange(rejection is null ? invocations : invocations.Select(i => i with { Repr = null, Rejection = rejection }));
    }

    /// <summary>A handler waiting for its event to be written (or, with no <paramref name="Repr"/> and no rejection, a deferred one).</summary>
    private sealed record PendingInvocation(object Event, long SequenceNr, PersistentRepr? Repr, Exception? Rejection, Action<object> Handler);
}
