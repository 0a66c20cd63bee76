using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>Where a <see cref="JournalRecorder"/> puts a run's events: a journal, or memory (to compare a re-run with a journal).</summary>
public interface IRunEventSink
{
    /// <summary>Stores <paramref name="events"/> as one atomic write, after every earlier one.</summary>
    void Write(IReadOnlyList<IMessage> events);

    /// <summary>Returns once every write is stored; throws the first that failed.</summary>
    void Complete();
}

/// <summary>Keeps a run's events in memory.</summary>
public sealed class MemoryEventSink : IRunEventSink
{
    /// <summary>Every event written, in order.</summary>
    public List<IMessage> Events { get; } = [];

    /// <inheritdoc />
    public void Write(IReadOnlyList<IMessage> events) => Events.AddRange(events);

    /// <inheritdoc />
    public void Complete()
    {
    }
}

/// <summary>Writes a run's events to two sinks: a journal and memory, when a run is both journaled and drawn.</summary>
public sealed class TeeEventSink(IRunEventSink first, IRunEventSink second) : IRunEventSink
{
    /// <inheritdoc />
    public void Write(IReadOnlyList<IMessage> events)
    {
        first.Write(events);
        second.Write(events);
    }

    /// <inheritdoc />
    public void Complete()
    {
        first.Complete();
        second.Complete();
    }
}
