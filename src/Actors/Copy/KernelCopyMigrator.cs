using ActorMigration.Actors.Cpu;
using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Copy;

/// <summary>The kernel's default migrator, folios_mc_copy(): the calling thread copies the whole batch, one folio after another.</summary>
/// <remarks>Protocol: <see cref="CopyBatch"/> → per folio <see cref="StartTransfer"/>/<see cref="TransferDone"/> on the fabric, on the
/// caller's CPU paths → <see cref="BatchCopied"/>. Its CPU time is the whole copy, spent on the calling thread.</remarks>
public sealed class KernelCopyMigrator : ActorBase, IWithUnboundedStash
{
    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    private readonly IActorRef _fabric;
    private readonly CpuCopyPaths _paths;
    private CopyBatch? _batch;
    private IActorRef _caller = null!;
    private int _next;
    private long _startPs;

    /// <summary>A migrator copying through <paramref name="fabric"/> along <paramref name="paths"/>.</summary>
    public KernelCopyMigrator(IActorRef fabric, CpuCopyPaths paths)
    {
        _fabric = fabric;
        _paths = paths;
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case CopyBatch batch when _batch is null:
                _batch = batch;
                _caller = Sender;
                _next = 0;
                _startPs = Context.Now().Picoseconds;
                CopyNext();
                return true;
            case CopyBatch:
                Stash.Stash(); // another caller's batch: the calling threads take turns, as they would on one lock
                return true;
            case TransferDone when _batch is not null:
                CopyNext();
                return true;
            default:
                return false;
        }
    }

    private void CopyNext()
    {
        var batch = _batch!;
        if (_next == batch.Folios.Length)
        {
            _batch = null;
            var elapsed = Context.Now().Picoseconds - _startPs; // the calling thread copies all along: CPU time and data time alike
            _caller.Tell(new BatchCopied(batch.Folios, CopyFallback.None, elapsed, DataCopyPs: elapsed), Self);
            Stash.UnstashAll();
            return;
        }
        _fabric.Tell(new StartTransfer(_next++, batch.FolioSize.Bytes, _paths.ThreadBytesPerSec, _paths.For(batch.CallerCpu).With(batch.Route)), Self);
    }
}
