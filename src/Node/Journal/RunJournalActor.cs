using ActorMigration.Contracts.Journal;
using Akka.Actor;
using Akka.Persistence;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>The persistent actor of one run (persistence id <c>run-NNNNNN</c>): it claims the id by writing the run's
/// <see cref="RunStarted"/> as event 1, or continues a run claimed elsewhere (a distributed sweep's client claims, a worker writes),
/// then persists each batch of events it is given as one atomic write.</summary>
/// <remarks>Lives in the journal's wall-clock ActorSystem, never in a simulation world. Its callers are not actors (the recorder
/// is called from inside a simulation), so each command carries the promise it completes. A continued run may hold events of an
/// earlier attempt at the same point (a worker lost mid-point): a run's events are a function of its scenario, so the first
/// events given are those already stored, and are skipped; when another attempt stores the same events first (a duplicate key),
/// this one's writes end with <see cref="RunWrittenElsewhereException"/>.</remarks>
internal sealed class RunJournalActor : ReceivePersistentActor
{
    private TaskCompletionSource<bool>? _claim;
    private TaskCompletionSource? _write;

    private readonly RunStarted? _started;

    // Sequence numbers: of the last event given to this actor (event 1 is RunStarted), and of the last already stored when it began.
    private long _given = 1;
    private long _storedBefore;

    /// <param name="runId">The persistence id to claim, or to continue.</param>
    /// <param name="started">Event 1 of the run; null: continue the run, claimed already.</param>
    /// <param name="claimed">Set to whether the id was claimed; failed with the cause when the journal failed.</param>
    public RunJournalActor(string runId, RunStarted? started, TaskCompletionSource<bool> claimed)
    {
        PersistenceId = runId;
        _started = started;
        _claim = claimed;
        Command<ClaimId>(_ => OnClaim());
        Command<Write>(OnWrite);
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>Only the id's highest sequence number, not its events: whether it is taken is all a claim needs to know. The journal
    /// answers once it has created its tables, so the first claim of a process also waits for them.</summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None, toSequenceNr: 0);

    // The first command, handled once recovery has read what the id already holds.
    private sealed record ClaimId;

    /// <summary>Persist <see cref="Events"/> atomically, then complete <see cref="Written"/>.</summary>
    public sealed record Write(IReadOnlyList<IMessage> Events, TaskCompletionSource Written);

    protected override void PreStart() => Self.Tell(new ClaimId());

    private void OnClaim()
    {
        var claim = _claim!;
        if (_started is null)
        {
            if (LastSequenceNr == 0)
            {
                Done(() => claim.TrySetException(new InvalidOperationException($"{PersistenceId} was never claimed: nothing to continue")));
                return;
            }
            _claim = null;
            _storedBefore = LastSequenceNr;
            claim.TrySetResult(true);
            return;
        }
        if (LastSequenceNr > 0)
        {
            Done(() => claim.TrySetResult(false));
            return;
        }
        Persist(_started, _ =>
        {
            _claim = null;
            _storedBefore = LastSequenceNr;
            claim.TrySetResult(true);
        });
    }

    private void OnWrite(Write write)
    {
        var first = _given + 1;
        _given += write.Events.Count;
        var fresh = write.Events.Where((_, i) => first + i > _storedBefore).ToArray();
        if (fresh.Length == 0)
        {
            write.Written.TrySetResult();
            return;
        }
        _write = write.Written;
        var left = fresh.Length;
        PersistAll(fresh, _ =>
        {
            if (--left > 0) return;
            _write = null;
            write.Written.TrySetResult();
        });
    }

    // Akka stops a persistent actor whose write failed; the caller learns why from its promise. A taken id is no failure.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) => Fail(cause);

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => Fail(cause);

    protected override void OnRecoveryFailure(Exception reason, object? message = null) => Fail(reason);

    private void Fail(Exception cause)
    {
        if (_claim is { } claim && JournalFailures.IsDuplicateKey(cause)) Done(() => claim.TrySetResult(false));
        else if (_started is null && JournalFailures.IsDuplicateKey(cause)) Done(() => _write?.TrySetException(new RunWrittenElsewhereException(PersistenceId)));
        else Done(() =>
        {
            _claim?.TrySetException(cause);
            _write?.TrySetException(cause);
        });
    }

    private void Done(Action complete)
    {
        complete();
        Context.Stop(Self);
    }
}
