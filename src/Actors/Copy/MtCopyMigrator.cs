using ActorMigration.Actors.Migrate;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Copy;

/// <summary>The multi-threaded CPU migrator (mtcopy): N worker threads split the batch, whole folios in equal contiguous shares,
/// or, when there are fewer folios than workers, a chunk of every folio each.</summary>
/// <remarks>Protocol: <see cref="CopyBatch"/> → (calling thread: build the items, dispatch each worker) → <see cref="CopyChunk"/>
/// to every worker → all <see cref="ChunkCopied"/> → (wake-up of the caller) → <see cref="BatchCopied"/>. Where the workers run
/// matters: two workers on one core pair share its bandwidth.</remarks>
public sealed class MtCopyMigrator : ActorBase, IWithUnboundedStash
{
    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <summary>The calling thread has built the work items and queued them on the workers.</summary>
    private sealed record Dispatched
    {
        public static readonly Dispatched Instance = new();
    }

    /// <summary>The calling thread woke up after the last worker finished.</summary>
    private sealed record WokenUp
    {
        public static readonly WokenUp Instance = new();
    }

    private readonly IReadOnlyList<IActorRef> _workers;
    private readonly MtCopySpec _spec;
    private CopyBatch? _batch;
    private IActorRef _caller = null!;
    private int[] _count = [];
    private int _outstanding;
    private long _callerCpuPs, _workerCpuPs, _dispatchedPs, _dataCopyPs;
    private bool _chunked;

    /// <summary>A migrator over <paramref name="workers"/>, with the calling-thread costs of <paramref name="spec"/>.</summary>
    public MtCopyMigrator(IReadOnlyList<IActorRef> workers, MtCopySpec spec)
    {
        if (workers.Count == 0) throw new ArgumentException("mtcopy needs at least one worker", nameof(workers));
        _workers = workers;
        _spec = spec;
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case CopyBatch batch when _batch is null:
                Start(batch);
                return true;
            case CopyBatch:
                Stash.Stash(); // the workers serve one batch at a time; a second caller waits its turn
                return true;
            case Dispatched:
                Dispatch();
                return true;
            case ChunkCopied copied when _batch is not null:
                OnChunkCopied(copied);
                return true;
            case WokenUp:
                var folios = _batch!.Folios;
                _batch = null;
                _caller.Tell(new BatchCopied(folios, CopyFallback.None, _callerCpuPs, DataCopyPs: _dataCopyPs, WorkerCpuPs: _workerCpuPs), Self);
                Stash.UnstashAll();
                return true;
            default:
                return false;
        }
    }

    private void Start(CopyBatch batch)
    {
        _batch = batch;
        _caller = Sender;
        var n = _workers.Count;
        var count = batch.Folios.Length;
        _chunked = count < n;
        _count = new int[n];
        for (var w = 0; w < n; w++) _count[w] = _chunked ? count : count / n + (w < count % n ? 1 : 0);
        var cost = _spec.DispatchPerWorker * n + _spec.BuildItem * count;
        _callerCpuPs = cost.Picoseconds;
        _workerCpuPs = 0;
        Context.ScheduleTellOnce(cost, Self, Dispatched.Instance);
    }

    private void Dispatch()
    {
        var batch = _batch!;
        var n = _workers.Count;
        _outstanding = n;
        _dispatchedPs = Context.Now().Picoseconds;
        var totalBytes = batch.Bytes;
        for (var w = 0; w < n; w++)
        {
            var bytes = _chunked ? totalBytes / n + (w < totalBytes % n ? 1 : 0) : _count[w] * batch.FolioSize.Bytes;
            _workers[w].Tell(new CopyChunk(w, bytes, _count[w], batch.Route), Self);
        }
    }

    private void OnChunkCopied(ChunkCopied copied)
    {
        _workerCpuPs += copied.BusyPs;
        if (--_outstanding > 0) return;
        _dataCopyPs = Context.Now().Picoseconds - _dispatchedPs;
        Context.ScheduleTellOnce(_spec.Completion, Self, WokenUp.Instance);
    }
}
