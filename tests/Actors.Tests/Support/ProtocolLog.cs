using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tlb;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>One message seen by a <see cref="Tap"/> or a <see cref="Relay"/>: when, on which link, from whom, and (for a
/// <see cref="CopyBatch"/>) its folio indices.</summary>
public sealed record LogEntry(long AtPs, string Link, object Message, string From, int[]? Folios);

/// <summary>The messages crossing the links a test taps, in delivery order (one thread drives the world, so a list will do).</summary>
public sealed class ProtocolLog(SimulationWorld world)
{
    /// <summary>Requests to the TLB shootdown (<see cref="FlushTlbBatch"/>).</summary>
    public const string TlbRequest = "tlb>";

    /// <summary>Answers of the TLB shootdown (<see cref="TlbFlushed"/>).</summary>
    public const string TlbAnswer = "tlb<";

    /// <summary>Requests to the migrator (<see cref="CopyBatch"/>).</summary>
    public const string MigratorRequest = "migrator>";

    /// <summary>Answers of the migrator (<see cref="BatchCopied"/>).</summary>
    public const string MigratorAnswer = "migrator<";

    /// <summary>Transfers started on the fabric (<see cref="StartTransfer"/>).</summary>
    public const string Fabric = "fabric>";

    private readonly List<LogEntry> _entries = [];

    /// <summary>Everything logged so far.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries;

    /// <summary>Records <paramref name="message"/> on <paramref name="link"/> at the current virtual time.</summary>
    public void Add(string link, object message, IActorRef sender) =>
        _entries.Add(new LogEntry(world.Now.Picoseconds, link, message, sender.Path.ToStringWithoutAddress(),
            message is CopyBatch batch ? batch.Folios.ToArray() : null));

    /// <summary>The entries of one link.</summary>
    public IEnumerable<LogEntry> On(string link) => _entries.Where(e => e.Link == link);

    /// <summary>Each batch copy: the request and the answer that followed it.</summary>
    public IReadOnlyList<(LogEntry Request, LogEntry Answer)> BatchCopies()
    {
        var requests = On(MigratorRequest).ToArray();
        var answers = On(MigratorAnswer).ToArray();
        Assert.Equal(requests.Length, answers.Length);
        return requests.Zip(answers, (q, a) =>
        {
            Assert.True(q.AtPs <= a.AtPs, $"BatchCopied at {a.AtPs} ps answers a CopyBatch of {q.AtPs} ps");
            return (q, a);
        }).ToArray();
    }

    /// <summary>Each batched flush: when it was asked for and when its <see cref="TlbFlushed"/> was delivered.</summary>
    public IReadOnlyList<(long RequestPs, long DeliveredPs)> Flushes()
    {
        var requests = On(TlbRequest).ToArray();
        var answers = On(TlbAnswer).ToArray();
        Assert.Equal(requests.Length, answers.Length);
        return requests.Zip(answers, (q, a) => (q.AtPs, a.AtPs)).ToArray();
    }
}
