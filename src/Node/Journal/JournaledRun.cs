using ActorMigration.Contracts.Journal;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>The events of one run as read back from a journal.</summary>
/// <param name="RunId">The run's persistence id.</param>
/// <param name="Events">Its events in sequence order, up to the first that cannot be read.</param>
/// <param name="Damage">The first event that cannot be read, if any: everything from it on is left out.</param>
public sealed record JournaledRun(string RunId, IReadOnlyList<IMessage> Events, JournalDamage? Damage)
{
    /// <summary>The run's scenario.</summary>
    public RunStarted Started => Events.Count > 0 && Events[0] is RunStarted started ? started
        : throw new DamagedRunException($"{RunId} has no readable RunStarted event{(Damage is null ? "" : $" ({Damage})")}");

    /// <summary>The run's end, or null if it never ended (killed, still running, or damaged before its end).</summary>
    public RunCompleted? Completed => Events.Count > 0 ? Events[^1] as RunCompleted : null;

    /// <summary>True when the run ended and every event of it can be read.</summary>
    public bool IsComplete => Completed is not null && Damage is null;
}

/// <summary>Where a run's journal is damaged.</summary>
/// <param name="SequenceNr">The first event that cannot be read (events count from 1).</param>
/// <param name="EventsInRun">How many events the journal holds for the run.</param>
/// <param name="Problem">Why it cannot be read.</param>
public sealed record JournalDamage(long SequenceNr, int EventsInRun, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"event {SequenceNr} of {EventsInRun}: {Problem}";
}
