using System.Globalization;
using ActorMigration.Contracts.Journal;
using ActorMigration.Runtime.Persistence;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>A journal of migration runs in a persistence store: one persistence id per run (<c>run-000001</c>, ...).</summary>
/// <remarks>Thread-safe: a sweep's parallel runs share one journal, and every store call is serialised here, because a store is
/// meant for one thread at a time.</remarks>
public sealed class MigrationJournal : IRunEventSink, IDisposable
{
    private const string RunPrefix = "run-";
    private readonly object _gate = new();
    private readonly PersistenceStore _store;
    private int _lastReserved = -1;

    private MigrationJournal(PersistenceStore store) => _store = store;

    /// <summary>The codec of every journaled message of a run.</summary>
    public static ProtobufCodec Codec { get; } = new ProtobufCodec()
        .Register<RunStarted>()
        .Register<BatchCompleted>()
        .Register<FoliosCompleted>()
        .Register<SpansRecorded>()
        .Register<RunCompleted>();

    /// <summary>Opens <paramref name="location"/> (<c>sqlite:PATH</c> or <c>postgres:CONNSTR</c>).</summary>
    public static MigrationJournal Open(string location) => new(PersistenceStore.Open(location));

    /// <summary>Where the journal is (no password).</summary>
    public string Location => _store.Location;

    /// <summary>Reserves the next run id: one more than the highest id in the journal or reserved by this process.</summary>
    public string NextRunId()
    {
        lock (_gate)
        {
            if (_lastReserved < 0)
                _lastReserved = RunIdsUnlocked().Select(id => int.Parse(id.AsSpan(RunPrefix.Length), CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            return RunPrefix + (++_lastReserved).ToString("D6", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The run ids in the journal, in order.</summary>
    public IReadOnlyList<string> RunIds()
    {
        lock (_gate) return RunIdsUnlocked();
    }

    /// <summary>Writes <paramref name="events"/> of run <paramref name="runId"/> as one atomic write batch, numbering them from <paramref name="firstSequenceNr"/>.</summary>
    public void Write(string runId, long firstSequenceNr, IReadOnlyList<(long TimestampPs, IMessage Event)> events)
    {
        var reprs = events.Select((e, i) => Codec.ToRepr(runId, firstSequenceNr + i, e.TimestampPs, e.Event)).ToArray();
        lock (_gate) _store.Journal.WriteMessages(reprs);
    }

    /// <summary>Reads every event of <paramref name="runId"/>, up to the last complete write batch.</summary>
    public JournaledRun Read(string runId)
    {
        var events = new List<IMessage>();
        ReadOutcome outcome;
        lock (_gate) outcome = _store.Journal.ReplayMessages(runId, 1, long.MaxValue, long.MaxValue, e => events.Add(Codec.Deserialize(e.Manifest, e.Payload)));
        if (events.Count == 0) throw new NoSuchRunException($"{Location} has no run '{runId}' (runs: {string.Join(", ", RunIds())})");
        return new JournaledRun(runId, events, outcome.IncompleteTail);
    }

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();

    /// <summary>Accepts <c>3</c>, <c>000003</c> or <c>run-000003</c> for run ids.</summary>
    public static string NormaliseRunId(string id) =>
        id.StartsWith(RunPrefix, StringComparison.Ordinal) ? id
        : int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? RunPrefix + n.ToString("D6", CultureInfo.InvariantCulture)
        : throw new ArgumentException($"'{id}' is not a run id: expected a number or run-NNNNNN");

    private List<string> RunIdsUnlocked() =>
        _store.Journal.CurrentPersistenceIds().Where(id => id.StartsWith(RunPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
}
