using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Actors.Copy;

/// <summary>Copy <paramref name="Bytes"/> made of <paramref name="Items"/> copy items (whole folios or chunks of one) across <paramref name="Route"/>.</summary>
public sealed record CopyChunk(int Worker, long Bytes, int Items, ResourceSet Route) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine(StableHash.Combine((ulong)Worker, (ulong)Bytes), (ulong)Items);
}

/// <summary>The worker finished its chunk; <paramref name="BusyPs"/> is the CPU time it spent.</summary>
public sealed record ChunkCopied(int Worker, long BusyPs);

/// <summary>A kernel worker thread of the multi-threaded copy (a work item on one CPU): copies its share of the batch.</summary>
/// <remarks>Protocol: <see cref="CopyChunk"/> → one transfer on the fabric → <see cref="ChunkCopied"/>. The per-item overhead
/// (call, page_address) is interleaved with the copy, so it lowers the worker's rate rather than forming a phase of its own.</remarks>
/// <param name="cpu">The CPU the worker runs on.</param>
/// <param name="fabric">The machine's fabric.</param>
/// <param name="threadBytesPerSec">One thread's copy rate.</param>
/// <param name="resources">The shared paths its copies cross whatever memory they copy between (each chunk adds its route).</param>
/// <param name="perItem">The overhead of each copy item.</param>
/// <param name="recorder">Who records spans at folio detail, if anyone.</param>
public sealed class CopyWorker(int cpu, IActorRef fabric, double threadBytesPerSec, ResourceSet resources, SimTime perItem, IMigrationRecorder? recorder = null)
    : ActorBase, IWithUnboundedStash
{
    private readonly IMigrationRecorder? _spans = recorder?.RecordsFolios == true ? recorder : null;
    private IActorRef? _requester;
    private CopyChunk? _current;
    private long _startPs;

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case CopyChunk chunk when _current is null:
                _requester = Sender;
                _current = chunk;
                _startPs = Context.Now().Picoseconds;
                var seconds = chunk.Items * perItem.TotalSeconds + chunk.Bytes / threadBytesPerSec;
                fabric.Tell(new StartTransfer(chunk.Worker, chunk.Bytes, chunk.Bytes / seconds, resources.With(chunk.Route)), Self);
                return true;
            case CopyChunk:
                Stash.Stash(); // one chunk at a time: a thread copies one work item after another
                return true;
            case TransferDone:
                _requester!.Tell(new ChunkCopied(_current!.Worker, Context.Now().Picoseconds - _startPs), Self);
                _spans?.Span($"cpu{cpu}", "copy chunk", _startPs, Context.Now().Picoseconds);
                _current = null;
                Stash.UnstashAll();
                return true;
            default:
                return false;
        }
    }
}
