using Akka.Actor;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>Writes one claimed run into its journal through the run's <see cref="RunJournalActor"/>, without waiting for each
/// write: the simulation goes on while the database works, up to a few writes ahead of it.</summary>
/// <remarks>Called from inside a simulation, so it sends with no sender (a reply must never enter the world) and waits on the
/// journal's promises, which no simulation event depends on: a journaled run keeps its trace hash.</remarks>
public sealed class RunJournalWriter : IRunEventSink
{
    // Enough to overlap the database with the simulation; few enough that memory stays bounded when the database is slower.
    private const int MaxWritesInFlight = 8;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMinutes(2);

    private readonly Queue<Task> _inFlight = new();
    private readonly IActorRef _actor;
    private readonly JournalLocation _location;
    private bool _writtenElsewhere;

    internal RunJournalWriter(string runId, IActorRef actor, JournalLocation location)
    {
        RunId = runId;
        _actor = actor;
        _location = location;
    }

    /// <summary>The run's id, claimed in the journal.</summary>
    public string RunId { get; }

    /// <inheritdoc />
    public void Write(IReadOnlyList<IMessage> events)
    {
        if (_writtenElsewhere) return;
        while (_inFlight.Count >= MaxWritesInFlight) Await(_inFlight.Dequeue());
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _actor.Tell(new RunJournalActor.Write(events, written), ActorRefs.NoSender);
        _inFlight.Enqueue(written.Task);
    }

    /// <inheritdoc />
    public void Complete()
    {
        while (_inFlight.Count > 0) Await(_inFlight.Dequeue());
        if (!_writtenElsewhere) _actor.Tell(PoisonPill.Instance, ActorRefs.NoSender);
    }

    // Oldest first: the actor writes in order, so after a failure no later write is waited for (it will never complete).
    private void Await(Task written)
    {
        try
        {
            if (!written.Wait(WriteTimeout))
                throw new JournalUnavailableException($"{_location.Display}: a write of {RunId} did not complete within {WriteTimeout.TotalSeconds:F0} s");
        }
        catch (AggregateException e) when (e.InnerException is RunWrittenElsewhereException)
        {
            // Another attempt at the same point writes the same events: it finishes the run; this attempt's result stands.
            _writtenElsewhere = true;
            _inFlight.Clear();
        }
        catch (AggregateException e)
        {
            _inFlight.Clear();
            throw JournalFailures.Unavailable(_location, e, $"writing {RunId}");
        }
    }
}
