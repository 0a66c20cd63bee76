using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Persistence;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>Adds <paramref name="Amount"/> to the counter; answered with <see cref="Acked"/>.</summary>
public sealed record Add(long Amount);

/// <summary>Adds every amount in one atomic write; each applied event is reported as <see cref="Applied"/>.</summary>
public sealed record AddAll(IReadOnlyList<long> Amounts);

/// <summary>Answered with <see cref="CounterView"/>.</summary>
public sealed record GetState;

/// <summary>Saves the state as a snapshot; the outcome is reported.</summary>
public sealed record TakeSnapshot;

/// <summary>Deletes the events up to <paramref name="ToSequenceNr"/>; the outcome is reported.</summary>
public sealed record Delete(long ToSequenceNr);

/// <summary>Persists <paramref name="Amount"/>, then throws before the command handler returns.</summary>
public sealed record AddThenThrow(long Amount);

/// <summary>Persists an event of a type the codec does not know, then adds <paramref name="Amount"/>.</summary>
public sealed record AddAfterUnregistered(long Amount);

/// <summary>An <see cref="Add"/> was persisted and applied as event <paramref name="SequenceNr"/>.</summary>
public sealed record Acked(long Amount, long SequenceNr, long Total);

/// <summary>An event of an <see cref="AddAll"/> was applied.</summary>
public sealed record Applied(long Amount, long SequenceNr);

/// <summary>The counter's state.</summary>
public sealed record CounterView(long Total, string History, long LastSequenceNr);

/// <summary>Recovery offered a snapshot taken after event <paramref name="SequenceNr"/> with <paramref name="Total"/>.</summary>
public sealed record OfferedSnapshot(long SequenceNr, long TimestampPs, long Total);

/// <summary>Recovery replayed event <paramref name="SequenceNr"/>.</summary>
public sealed record Replayed(long SequenceNr, long Amount);

/// <summary>Recovery completed with <paramref name="Total"/> at <paramref name="LastSequenceNr"/>.</summary>
public sealed record RecoveryDone(long Total, long LastSequenceNr);

/// <summary>The actor's <c>OnRecoveryFailure</c> ran.</summary>
public sealed record RecoveryFailed(Exception Cause, object? Event);

/// <summary>The actor's <c>OnPersistFailure</c> ran.</summary>
public sealed record PersistFailed(Exception Cause, object Event, long SequenceNr);

/// <summary>The actor's <c>OnPersistRejected</c> ran.</summary>
public sealed record PersistRejected(Exception Cause, object Event, long SequenceNr);

/// <summary>A persistent counter that reports its recovery, failures and store replies to a monitor.</summary>
public sealed class Counter : ReceivePersistentActor
{
    private readonly IActorRef _monitor;
    private readonly List<long> _history = [];
    private long _total;

    public Counter(string persistenceId, IActorRef monitor, long failRecoveryAtAmount = long.MinValue)
    {
        PersistenceId = persistenceId;
        _monitor = monitor;

        Recover<SnapshotOffer>(offer =>
        {
            var state = (CounterState)offer.Snapshot;
            _total = state.Total;
            _history.AddRange(state.History);
            _monitor.Tell(new OfferedSnapshot(offer.Metadata.SequenceNr, offer.Metadata.TimestampPs, state.Total));
        });
        Recover<Added>(added =>
        {
            if (added.Amount == failRecoveryAtAmount) throw new InvalidOperationException($"cannot replay {added.Amount}");
            Apply(added);
            _monitor.Tell(new Replayed(LastSequenceNr, added.Amount));
        });
        Recover<RecoveryCompleted>(_ => _monitor.Tell(new RecoveryDone(_total, LastSequenceNr)));

        Command<Add>(add => Persist(new Added { Amount = add.Amount }, added =>
        {
            Apply(added);
            Sender.Tell(new Acked(added.Amount, LastSequenceNr, _total));
        }));
        Command<AddAll>(add => PersistAll(add.Amounts.Select(a => new Added { Amount = a }), added =>
        {
            Apply(added);
            _monitor.Tell(new Applied(added.Amount, LastSequenceNr));
        }));
        Command<GetState>(_ => Sender.Tell(new CounterView(_total, string.Join(",", _history), LastSequenceNr)));
        Command<TakeSnapshot>(_ => SaveSnapshot(new CounterState { Total = _total, History = { _history } }));
        Command<Delete>(delete => DeleteMessages(delete.ToSequenceNr));
        Command<AddThenThrow>(add =>
        {
            Persist(new Added { Amount = add.Amount }, Apply);
            throw new InvalidOperationException("command failed after Persist");
        });
        Command<AddAfterUnregistered>(add =>
        {
            Persist(new BoolValue { Value = true }, _ => _monitor.Tell("the handler of a rejected event ran"));
            Persist(new Added { Amount = add.Amount }, added =>
            {
                Apply(added);
                Sender.Tell(new Acked(added.Amount, LastSequenceNr, _total));
            });
        });
        Command<SaveSnapshotSuccess>(_monitor.Tell);
        Command<SaveSnapshotFailure>(_monitor.Tell);
        Command<DeleteMessagesSuccess>(_monitor.Tell);
        Command<DeleteMessagesFailure>(_monitor.Tell);
    }

    public override string PersistenceId { get; }

    protected override void OnRecoveryFailure(Exception cause, object? @event) => _monitor.Tell(new RecoveryFailed(cause, @event));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) => _monitor.Tell(new PersistFailed(cause, @event, sequenceNr));

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => _monitor.Tell(new PersistRejected(cause, @event, sequenceNr));

    private void Apply(Added added)
    {
        _total += added.Amount;
        _history.Add(added.Amount);
    }
}
