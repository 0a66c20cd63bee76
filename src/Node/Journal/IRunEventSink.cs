using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>Where a <see cref="JournalRecorder"/> puts a run's events: a journal, or memory (to compare a re-run with a journal).</summary>
public interface IRunEventSink
{
    /// <summary>Stores <paramref name="events"/> of run <paramref name="runId"/> as one write batch, numbered from <paramref name="firstSequenceNr"/>.</summary>
    void Write(string runId, long firstSequenceNr, IReadOnlyList<(long TimestampPs, IMessage Event)> events);
}

/// <summary>Keeps a run's events in memory.</summary>
public sealed class MemoryEventSink : IRunEventSink
{
    /// <summary>Every event written, in order.</summary>
    public List<IMessage> Events { get; } = [];

    /// <inheritdoc />
    public void Write(string runId, long firstSequenceNr, IReadOnlyList<(long TimestampPs, IMessage Event)> events) =>
        Events.AddRange(events.Select(e => e.Event));
}
