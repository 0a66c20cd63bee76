using System.Collections.Immutable;
using ActorMigration.Actors.Migrate;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using ActorMigration.Runtime.Randomness;

namespace ActorMigration.Actors.Dma;

/// <summary>The DMA core batch migrator (dcbm): copies a batch over one engine's channels.</summary>
/// <remarks>
/// Protocol: <see cref="CopyBatch"/> → decline if smaller than the size threshold; pick the engine on the destination node (else
/// any); <see cref="TryAcquireChannel"/> on min(channels, folios, max_channels) channels (a busy channel refuses the batch, so the
/// CPU copies it); on the calling thread: build the scatter-gather tables, map them for the device (the IOMMU mode sets the cost),
/// give up if the mapped entry counts differ, prepare one memcpy descriptor per segment; issue every channel at once with its
/// equal contiguous range → wait for every <see cref="DescriptorsCompleted"/> → (interrupt and wake-up) → release the channels →
/// <see cref="BatchCopied"/>. A channel error leaves the folios it did not copy to the CPU copy of the move phase.
/// </remarks>
public sealed class DcbmMigrator : ActorBase
{
    /// <summary>The calling thread has prepared the batch (tables mapped, descriptors built).</summary>
    private sealed record Prepared
    {
        public static readonly Prepared Instance = new();
    }

    /// <summary>The calling thread woke up after the last channel's interrupt.</summary>
    private sealed record WokenUp
    {
        public static readonly WokenUp Instance = new();
    }

    private readonly IReadOnlyList<DmaEngine> _engines;
    private readonly DcbmSpec _spec;
    private readonly SimRandom _mapping;
    private CopyBatch? _batch;
    private IActorRef _caller = null!;
    private DmaEngine _engine = null!;
    private ImmutableArray<DmaDescriptor> _descriptors = [];
    private readonly List<int> _completed = [];
    private int[] _rangeStart = [], _rangeCount = [];
    private bool[] _held = [];
    private int _channels, _answers, _granted, _outstanding;
    private bool _refused, _error;
    private long _callerCpuPs, _channelBusyPs, _issuedPs, _dataCopyPs;
    private readonly IMigrationRecorder? _recorder;

    /// <summary>A migrator over <paramref name="engines"/> with the CPU-side costs of <paramref name="spec"/>.</summary>
    public DcbmMigrator(IReadOnlyList<DmaEngine> engines, DcbmSpec spec, IMigrationRecorder? recorder = null)
    {
        _recorder = recorder?.RecordsFolios == true ? recorder : null;
        _engines = engines;
        _spec = spec;
        _mapping = Context.Random().Fork("mapping");
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
                // The channels are held by the batch in flight: a trylock would fail, so the caller copies on its CPU.
                Sender.Tell(BatchCopied.Nothing(CopyFallback.ChannelBusy), Self);
                return true;
            case ChannelAcquired acquired when _batch is not null:
                OnChannelAnswer(acquired);
                return true;
            case Prepared:
                if (_refused) Reply(CopyFallback.MappingMismatch);
                else Issue();
                return true;
            case DescriptorsCompleted completed when _batch is not null:
                _channelBusyPs += completed.BusyPs;
                _error |= completed.Error;
                _completed.AddRange(completed.Completed);
                if (--_outstanding > 0) return true;
                _dataCopyPs = Context.Now().Picoseconds - _issuedPs;
                Context.ScheduleTellOnce(_spec.Completion, Self, WokenUp.Instance);
                return true;
            case WokenUp:
                _recorder?.Span(_engine.Spec.Name, $"batch copy on {_channels} channels", _issuedPs, Context.Now().Picoseconds);
                Reply(_error ? CopyFallback.ChannelError : CopyFallback.None);
                return true;
            default:
                return false;
        }
    }

    private void Start(CopyBatch batch)
    {
        _caller = Sender;
        _callerCpuPs = _channelBusyPs = _dataCopyPs = 0;
        _error = _refused = false;
        _completed.Clear();
        if (batch.Bytes < _spec.MinBatch.Bytes)
        {
            _caller.Tell(BatchCopied.Nothing(CopyFallback.Declined), Self);
            return;
        }
        var engine = _engines.FirstOrDefault(e => e.Spec.Node == batch.TargetNode) ?? _engines.FirstOrDefault();
        if (engine is null)
        {
            _caller.Tell(BatchCopied.Nothing(CopyFallback.NotSupported), Self);
            return;
        }
        _batch = batch;
        _engine = engine;
        _channels = Math.Min(Math.Min(engine.Channels.Count, batch.Folios.Length), _spec.MaxChannels);
        _answers = _granted = 0;
        _held = new bool[_channels];
        for (var c = 0; c < _channels; c++) engine.Channels[c].Tell(new TryAcquireChannel(), Self);
    }

    private void OnChannelAnswer(ChannelAcquired acquired)
    {
        _answers++;
        if (acquired.Acquired)
        {
            _granted++;
            _held[acquired.Channel] = true;
        }
        if (_answers < _channels) return;
        if (_granted < _channels)
        {
            _refused = true;
            Reply(CopyFallback.ChannelBusy);
            return;
        }
        Prepare();
    }

    /// <summary>The calling thread's work before issue: sg tables, IOMMU mapping (and its entry-count check), descriptor prep, channel setup.</summary>
    private void Prepare()
    {
        var batch = _batch!;
        BuildDescriptors(batch);
        var count = batch.Folios.Length;
        var translated = _spec.Iommu == IommuMode.Translated;
        var map = !translated ? SimTime.Zero
            : batch.PmdMapped ? _spec.IommuMapPerEntry * count
            : _spec.IommuMapPerPage * (count * batch.FolioSize.Pages);
        var cost = _spec.SgEntry * (2L * count) + map;
        _refused = _mapping.Chance(batch.Faults.MappingMismatch);
        if (!_refused) cost += _spec.DescriptorPrep * _descriptors.Length + _spec.ChannelSetup * _channels;
        _callerCpuPs = cost.Picoseconds;
        Context.ScheduleTellOnce(cost, Self, Prepared.Instance);
    }

    /// <summary>Equal contiguous ranges per channel; order-0 folios merge into segments up to the engine's maximum, larger ones are one segment each.</summary>
    private void BuildDescriptors(CopyBatch batch)
    {
        var folioBytes = batch.FolioSize.Bytes;
        var pagesPerFolio = (int)batch.FolioSize.Pages;
        var maxSegmentFolios = pagesPerFolio == 1 ? (int)Math.Max(1, _engine.Spec.MaxSegment.Bytes / folioBytes) : 1;
        var iommuPagesPerFolio = batch.PmdMapped ? 1 : pagesPerFolio;
        var total = batch.Folios.Length;
        var list = ImmutableArray.CreateBuilder<DmaDescriptor>();
        _rangeStart = new int[_channels];
        _rangeCount = new int[_channels];
        for (int c = 0, first = 0; c < _channels; c++)
        {
            var count = total / _channels + (c < total % _channels ? 1 : 0);
            _rangeStart[c] = list.Count;
            for (var i = first; i < first + count; i += maxSegmentFolios)
            {
                var n = Math.Min(maxSegmentFolios, first + count - i);
                list.Add(new DmaDescriptor(i, n, n * folioBytes, n * iommuPagesPerFolio));
            }
            _rangeCount[c] = list.Count - _rangeStart[c];
            first += count;
        }
        _descriptors = list.DrainToImmutable();
    }

    private void Issue()
    {
        _outstanding = _channels;
        _issuedPs = Context.Now().Picoseconds;
        for (var c = 0; c < _channels; c++)
            _engine.Channels[c].Tell(new SubmitDescriptors(_descriptors, _rangeStart[c], _rangeCount[c], _batch!.Route), Self);
    }

    private void Reply(CopyFallback fallback)
    {
        var batch = _batch!;
        for (var c = 0; c < _channels; c++)
            if (_held[c]) _engine.Channels[c].Tell(new ReleaseChannel(), Self);
        _batch = null;
        _caller.Tell(new BatchCopied(CopiedFolios(batch), fallback, _callerCpuPs, DataCopyPs: _dataCopyPs, ChannelBusyPs: _channelBusyPs), Self);
    }

    /// <summary>The folios of the descriptors that completed (all of them, or those done before a channel error), in batch-list order.</summary>
    private ImmutableArray<int> CopiedFolios(CopyBatch batch)
    {
        if (_completed.Count == 0) return [];
        if (_completed.Count == _descriptors.Length) return batch.Folios;
        _completed.Sort();
        var folios = ImmutableArray.CreateBuilder<int>();
        foreach (var d in _completed)
            for (var i = _descriptors[d].First; i < _descriptors[d].First + _descriptors[d].FolioCount; i++) folios.Add(batch.Folios[i]);
        return folios.DrainToImmutable();
    }
}
