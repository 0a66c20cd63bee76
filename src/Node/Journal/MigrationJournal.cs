using System.Globalization;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Journal;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>A journal of migration runs through Akka.Persistence.Sql: one persistence id per run (<c>run-000001</c>, ...), written
/// by a <see cref="RunJournalActor"/> each and read back through Akka.Persistence.Query.</summary>
/// <remarks>Owns a wall-clock ActorSystem of its own, apart from every simulation. Thread-safe: a sweep's parallel runs share one.
/// Several processes may write one journal at once: a run id is claimed by writing its event 1, which only one writer can do.</remarks>
public sealed class MigrationJournal : IDisposable
{
    private const string RunPrefix = "run-";
    private const int MaxClaimAttempts = 1000;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMinutes(5);

    private readonly object _gate = new();
    private readonly ActorSystem _system;
    private readonly IMaterializer _materializer;
    private readonly Lazy<SqlReadJournal> _reads;
    private readonly bool _writable;
    private int _lastClaimed;

    private MigrationJournal(JournalLocation location, bool writable)
    {
        Location = location;
        _writable = writable;
        _system = ActorSystem.Create("journal", JournalConfig.For(location, writable));
        _materializer = _system.Materializer();
        // Made on first read: Akka.Persistence.Sql's read journal gives the write journal only 5 s to create its tables, which
        // several processes creating them at once can exceed; a writer reads only after its first claim has waited for them.
        _reads = new Lazy<SqlReadJournal>(() => PersistenceQuery.Get(_system).ReadJournalFor<SqlReadJournal>(JournalConfig.QueryPluginId),
            LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>Where the journal is.</summary>
    public JournalLocation Location { get; }

    /// <summary>Opens <paramref name="location"/> to journal runs into, creating the journal (Akka.Persistence.Sql's tables) if there is none.</summary>
    /// <exception cref="ArgumentException">A malformed location.</exception>
    /// <exception cref="JournalFormatException">The location holds something else, or a journal of the older format.</exception>
    /// <exception cref="JournalUnavailableException">The folder or server cannot be used.</exception>
    public static MigrationJournal Open(string location) => new(CheckWritable(location), writable: true);

    /// <summary>Checks that <paramref name="location"/> can be journaled into (creating nothing but the SQLite file), as <see cref="Open"/>
    /// does, for a process whose Akka.Persistence journal it will be.</summary>
    /// <exception cref="ArgumentException">A malformed location.</exception>
    /// <exception cref="JournalFormatException">The location holds something else, or a journal of the older format.</exception>
    /// <exception cref="JournalUnavailableException">The folder or server cannot be used.</exception>
    public static JournalLocation CheckWritable(string location)
    {
        var where = JournalLocation.Parse(location);
        if (!where.IsPostgres && Path.GetDirectoryName(Path.GetFullPath(where.Target)) is { } folder && !Directory.Exists(folder))
            throw new JournalUnavailableException($"{where.Display}: no such folder '{folder}'");
        JournalProbe.Check(where, writable: true);
        return where;
    }

    /// <summary>Opens the journal at <paramref name="location"/> to read it; creates and changes nothing, not even an empty file.</summary>
    /// <exception cref="JournalFormatException">There is no journal there, or one of the older format.</exception>
    public static MigrationJournal OpenExisting(string location)
    {
        var where = JournalLocation.Parse(location);
        JournalProbe.Check(where, writable: false);
        return new MigrationJournal(where, writable: false);
    }

    /// <summary>Claims the next free run id for <paramref name="scenario"/> and writes its <see cref="RunStarted"/>.</summary>
    public RunJournalWriter Begin(string scenarioName, MigrationScenario scenario, JournalDetail detail)
    {
        if (!_writable) throw new InvalidOperationException($"{Location.Display} was opened to be read");
        lock (_gate)
        {
            for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
            {
                // After a lost claim, the journal holds runs, or another process is writing here too: skip past every id taken.
                if (attempt > 0) _lastClaimed = Math.Max(_lastClaimed, RunIds().Select(Number).DefaultIfEmpty(0).Max());
                var runId = RunPrefix + (++_lastClaimed).ToString("D6", CultureInfo.InvariantCulture);
                var claimed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                var started = RunDescriptor.Describe(runId, scenarioName, scenario, detail);
                var actor = _system.ActorOf(Props.Create(() => new RunJournalActor(runId, started, claimed)));
                if (Await(() => claimed.Task, $"claiming {runId}")) return new RunJournalWriter(runId, actor, Location);
            }
        }
        throw new JournalUnavailableException($"{Location.Display}: no free run id found in {MaxClaimAttempts} attempts");
    }

    /// <summary>Continues run <paramref name="runId"/>, claimed already (its <see cref="RunStarted"/> written) by another process:
    /// the events given to the writer follow it, those an earlier attempt stored skipped.</summary>
    public RunJournalWriter Continue(string runId)
    {
        if (!_writable) throw new InvalidOperationException($"{Location.Display} was opened to be read");
        var continued = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = _system.ActorOf(Props.Create(() => new RunJournalActor(runId, null, continued)));
        Await(() => continued.Task, $"continuing {runId}");
        return new RunJournalWriter(runId, actor, Location);
    }

    /// <summary>The run ids in the journal, in order.</summary>
    public IReadOnlyList<string> RunIds() =>
        Await(() => _reads.Value.CurrentPersistenceIds().RunWith(Sink.Seq<string>(), _materializer), "listing its runs")
            .Where(id => id.StartsWith(RunPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Reads every event of <paramref name="runId"/> up to the first that cannot be read.</summary>
    /// <exception cref="NoSuchRunException">The journal has no such run.</exception>
    public JournaledRun Read(string runId)
    {
        var envelopes = Await(() => _reads.Value.CurrentEventsByPersistenceId(runId, 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), _materializer), $"reading {runId}");
        if (envelopes.Count == 0) throw new NoSuchRunException($"{Location.Display} has no run '{runId}' (runs: {string.Join(", ", RunIds())})");
        var events = new List<IMessage>(envelopes.Count);
        foreach (var envelope in envelopes)
        {
            if (envelope.Event is IMessage e && envelope.SequenceNr == events.Count + 1)
            {
                events.Add(e);
                continue;
            }
            var problem = envelope.Event switch
            {
                UnreadableEvent unreadable => unreadable.Problem,
                IMessage => $"out of sequence (expected event {events.Count + 1})",
                var other => $"an event of type {other.GetType().Name}, not of a run",
            };
            return new JournaledRun(runId, events, new JournalDamage(envelope.SequenceNr, envelopes.Count, problem));
        }
        return new JournaledRun(runId, events, null);
    }

    /// <summary>Stops the journal's ActorSystem.</summary>
    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(30));

    /// <summary>Accepts <c>3</c>, <c>000003</c> or <c>run-000003</c> for run ids.</summary>
    public static string NormaliseRunId(string id) =>
        id.StartsWith(RunPrefix, StringComparison.Ordinal) ? id
        : int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? RunPrefix + n.ToString("D6", CultureInfo.InvariantCulture)
        : throw new ArgumentException($"'{id}' is not a run id: expected a number or run-NNNNNN");

    private static int Number(string runId) =>
        int.TryParse(runId.AsSpan(RunPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private T Await<T>(Func<Task<T>> start, string doing)
    {
        try
        {
            var task = start();
            return task.Wait(ReadTimeout) ? task.Result : throw new JournalUnavailableException($"{Location.Display}: {doing} took longer than {ReadTimeout.TotalMinutes:F0} min");
        }
        catch (Exception e) when (e is AggregateException or AskTimeoutException)
        {
            throw JournalFailures.Unavailable(Location, e, doing);
        }
    }
}
