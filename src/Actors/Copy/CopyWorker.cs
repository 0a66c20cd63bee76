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
public sealed class CopyWorker : ReceiveActor, IWithUnboundedStash
{
    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <summary>A worker on CPU <paramref name="cpu"/> whose copies cross <paramref name="resources"/> at up to <paramref name="threadBytesPerSec"/>.</summary>
    public CopyWorker(int cpu, IActorRef fabric, double threadBytesPerSec, ResourceSet resources, SimTime perItem, IMigrationRecorder? recorder = null)
    {
        var spans = recorder?.RecordsFolios == true ? recorder : null;
        IActorRef? requester = null;
        CopyChunk? current = null;
        long startPs = 0;
        Receive<CopyChunk>(chunk =>
        {
            requester = Sender;
            current = chunk;
            startPs = Context.Now().Picoseconds;
            var seconds = chunk.Items * perItem.TotalSeconds + chunk.Bytes / threadBytesPerSec;
            fabric.Tell(new StartTransfer(chunk.Worker, chunk.Bytes, chunk.Bytes / seconds, resources.With(chunk.Route)), Self);
        }, _ => current is null);
        Receive<CopyChunk>(_ => Stash.Stash()); // one chunk at a time: a thread copies one work item after another
        Receive<TransferDone>(_ =>
        {
            requester!.Tell(new ChunkCopied(current!.Worker, Context.Now().Picoseconds - startPs), Self);
            spans?.Span($"cpu{cpu}", "copy chunk", startPs, Context.Now().Picoseconds);
            current = null;
            Stash.UnstashAll();
        });
    }
}
