using ActorMigration.Contracts.Journal;
using ActorMigration.Runtime.Persistence;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>The events of one run as read back from a journal.</summary>
/// <param name="RunId">The run's persistence id.</param>
/// <param name="Events">Its events, in sequence order, up to the last complete write batch.</param>
/// <param name="IncompleteTail">The last write batch, if it was cut short (the run was killed while writing).</param>
public sealed record JournaledRun(string RunId, IReadOnlyList<IMessage> Events, IncompleteWriteBatch? IncompleteTail)
{
    /// <summary>The run's scenario.</summary>
    public RunStarted Started => Events[0] as RunStarted ?? throw new InvalidDataException($"{RunId} does not begin with RunStarted");

    /// <summary>The run's end, or null if it never ended (killed, or still running).</summary>
    public RunCompleted? Completed => Events[^1] as RunCompleted;

    /// <summary>True when the run ended and its journal holds everything it wrote.</summary>
    public bool IsComplete => Completed is not null && IncompleteTail is null;
}
