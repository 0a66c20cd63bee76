using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Journal;
using Google.Protobuf;

namespace ActorMigration.Node.Journal;

/// <summary>Records what the actors report of one run, then its end, into a sink that already holds the run's <see cref="RunStarted"/>.</summary>
/// <remarks>
/// Events are written in atomic writes of <see cref="WriteBatchEvents"/>. The actors call a recorder synchronously from inside
/// the simulation, so a journal failure must not throw there (a supervisor would restart the failing actor and hide it): the first
/// failure is kept, recording stops, and <see cref="Complete"/> rethrows it after the run, so a broken journal never looks complete.
/// </remarks>
public sealed class JournalRecorder : IMigrationRecorder
{
    /// <summary>Events per write batch.</summary>
    public const int WriteBatchEvents = 256;

    /// <summary>Folios per <see cref="FoliosCompleted"/> event, and spans per <see cref="SpansRecorded"/> event.</summary>
    public const int ChunkSize = 4096;

    private readonly IRunEventSink _sink;
    private readonly List<IMessage> _pending = new(WriteBatchEvents);
    private SpansRecorded _spans = new();
    private CallSummary? _call;
    private Exception? _failure;

    /// <summary>A recorder into <paramref name="sink"/> at <paramref name="detail"/>.</summary>
    public JournalRecorder(IRunEventSink sink, JournalDetail detail)
    {
        if (detail == JournalDetail.Off) throw new ArgumentException("A recorder records something: batch or folio detail", nameof(detail));
        _sink = sink;
        RecordsFolios = detail == JournalDetail.Folio;
    }

    /// <inheritdoc />
    public bool RecordsFolios { get; }

    /// <inheritdoc />
    public void BatchCompleted(BatchSummary batch)
    {
        FlushSpans();
        var e = new BatchCompleted
        {
            Index = batch.Index,
            StartPs = batch.StartPs,
            EndPs = batch.EndPs,
            FirstDonePs = batch.FirstDonePs,
            Passes = batch.Passes,
            Flushes = batch.Flushes,
            CpuUnmapPs = batch.CpuPs["unmap"],
            CpuFlushPs = batch.CpuPs["flush"],
            CpuCopyPs = batch.CpuPs["copy"],
            CpuMovePs = batch.CpuPs["move"],
            CpuWorkersPs = batch.CpuPs["workers"],
            CpuChannelsPs = batch.CpuPs["channels"],
            CopyPs = batch.CopyPs,
            Succeeded = batch.Succeeded,
            BytesMoved = batch.BytesMoved,
            FailedEagain = batch.Failed[Errno.EAGAIN],
            FailedEbusy = batch.Failed[Errno.EBUSY],
            FailedEnomem = batch.Failed[Errno.ENOMEM],
        };
        foreach (var (reason, count) in batch.Fallbacks.OrderBy(kv => kv.Key))
        {
            e.FallbackReasons.Add(ReportNames.Of(reason));
            e.FallbackCounts.Add(count);
        }
        e.InaccessiblePs.Add(batch.InaccessiblePs);
        Add(e);
    }

    /// <inheritdoc />
    public void FoliosCompleted(int batchIndex, ReadOnlySpan<FolioSpan> folios)
    {
        for (var start = 0; start < folios.Length; start += ChunkSize)
        {
            var chunk = folios.Slice(start, Math.Min(ChunkSize, folios.Length - start));
            var e = new FoliosCompleted { Batch = batchIndex };
            foreach (var f in chunk)
            {
                e.Folio.Add(f.Folio);
                e.UnmapStartPs.Add(f.UnmapStartPs);
                e.UnmapEndPs.Add(f.UnmapEndPs);
                e.CopyStartPs.Add(f.CopyStartPs);
                e.CopyEndPs.Add(f.CopyEndPs);
                e.RemapStartPs.Add(f.RemapStartPs);
                e.RemapEndPs.Add(f.RemapEndPs);
                e.Errno.Add((int)f.Errno);
            }
            Add(e);
        }
    }

    /// <inheritdoc />
    public void Span(string track, string name, long startPs, long endPs)
    {
        _spans.Track.Add(track);
        _spans.Name.Add(name);
        _spans.StartPs.Add(startPs);
        _spans.EndPs.Add(endPs);
        if (_spans.Track.Count >= ChunkSize) FlushSpans();
    }

    /// <inheritdoc />
    public void CallCompleted(CallSummary call) => _call = call;

    /// <summary>Writes the run's end and everything pending; throws the first store failure of the run, if any.</summary>
    public void Complete(MigrationRunResult result)
    {
        var call = _call ?? throw new InvalidOperationException("The run ended without its call completing");
        FlushSpans();
        Add(new RunCompleted
        {
            StartPs = call.StartPs,
            EndPs = call.EndPs,
            CpuCallPs = call.CpuCallPs,
            NeverTried = call.NeverTried,
            TraceHash = result.TraceHash,
            Events = result.Events,
            SimTimePs = result.SimTimePs,
        });
        FlushPending();
        if (_failure is not null) throw _failure;
        _sink.Complete();
    }

    private void FlushSpans()
    {
        if (_spans.Track.Count == 0) return;
        Add(_spans);
        _spans = new SpansRecorded();
    }

    private void Add(IMessage e)
    {
        if (_failure is not null) return;
        _pending.Add(e);
        if (_pending.Count >= WriteBatchEvents) FlushPending();
    }

    private void FlushPending()
    {
        if (_pending.Count == 0 || _failure is not null) return;
        try
        {
            _sink.Write(_pending.ToArray());
            _pending.Clear();
        }
        catch (JournalUnavailableException e)
        {
            _failure = e;
        }
    }
}
