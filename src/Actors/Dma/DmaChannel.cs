using System.Collections.Immutable;
using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Contracts.Platform;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using ActorMigration.Runtime.Randomness;

namespace ActorMigration.Actors.Dma;

/// <summary>One DMA channel (a PTDMA queue, a DSA work queue, an SDXI ring): fetches descriptors one after another, runs up to
/// its in-flight limit of them at once, and raises one interrupt after the last.</summary>
/// <remarks>
/// Protocol: <see cref="TryAcquireChannel"/> → <see cref="ChannelAcquired"/>; <see cref="SubmitDescriptors"/> → per descriptor a
/// fetch gap (descriptor overhead, once per batch descriptor of up to <c>batch_descriptor</c> entries) then a transfer on the fabric
/// → <see cref="DescriptorsCompleted"/>; <see cref="ReleaseChannel"/>. With one descriptor in flight (PTDMA), each completion starts
/// the next fetch; with more (DSA), fetches overlap transfers and completions arrive out of order. A translated IOMMU stalls the
/// engine on every IOTLB miss, which lowers a descriptor's rate. A channel error (seeded) stops the channel: nothing new starts
/// (a fetch under way is let finish and discarded), descriptors still in flight are waited for, descriptors already completed
/// keep their folios copied, and the rest are reported undone so that the caller copies them on the CPU.
/// </remarks>
public sealed class DmaChannel : ActorBase
{
    /// <summary>The fetch of the next descriptors is done (a timer of the channel's own).</summary>
    private sealed record Fetched
    {
        public static readonly Fetched Instance = new();
    }

    private readonly int _index;
    private readonly EngineSpec _engine;
    private readonly IActorRef _fabric;
    private readonly ResourceSet _resources;
    private readonly bool _translated;
    private readonly int _inFlightLimit;
    private readonly SimRandom _errors;
    private IActorRef? _holder;
    private SubmitDescriptors? _work;
    private IActorRef _submitter = null!;
    private ImmutableArray<int>.Builder _completed = ImmutableArray.CreateBuilder<int>();
    private int _next, _end, _inFlight;
    private bool _fetching, _error;
    private long _startPs;
    private readonly IMigrationRecorder? _recorder;
    private readonly string _track;
    private long[] _startedPs;

    /// <summary>Channel <paramref name="index"/> of <paramref name="engine"/>, whose transfers cross <paramref name="resources"/>.</summary>
    public DmaChannel(int index, EngineSpec engine, IActorRef fabric, ResourceSet resources, IommuMode iommu, IMigrationRecorder? recorder = null)
    {
        _recorder = recorder?.RecordsFolios == true ? recorder : null;
        _track = $"{engine.Name}-ch{index}";
        _startedPs = [];
        _index = index;
        _engine = engine;
        _fabric = fabric;
        _resources = resources;
        _translated = iommu == IommuMode.Translated;
        _inFlightLimit = Math.Min(engine.InFlightPerChannel, engine.RingSize);
        _errors = Context.Random().Fork("errors");
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case TryAcquireChannel:
                var free = _holder is null;
                if (free) _holder = Sender;
                Sender.Tell(new ChannelAcquired(_index, free), Self);
                return true;
            case ReleaseChannel when Sender.Equals(_holder) && _work is null:
                _holder = null;
                return true;
            case SubmitDescriptors submit when Sender.Equals(_holder) && _work is null:
                Start(submit);
                return true;
            case Fetched:
                Launch();
                return true;
            case TransferDone done when _work is not null:
                OnTransferDone((int)done.Token);
                return true;
            default:
                return false;
        }
    }

    private void Start(SubmitDescriptors submit)
    {
        _work = submit;
        _submitter = Sender;
        _next = submit.Start;
        _end = submit.Start + submit.Count;
        _inFlight = 0;
        _completed = ImmutableArray.CreateBuilder<int>(submit.Count);
        _error = false;
        _startPs = Context.Now().Picoseconds;
        if (_recorder is not null && _startedPs.Length < submit.Descriptors.Length) _startedPs = new long[submit.Descriptors.Length];
        if (submit.Count == 0) Finish();
        else Fetch();
    }

    private void Fetch()
    {
        if (_fetching || _error || _next == _end || _inFlight >= _inFlightLimit) return;
        _fetching = true;
        Context.ScheduleTellOnce(_engine.DescriptorOverhead, Self, Fetched.Instance);
    }

    /// <summary>A fetch finished: start up to one batch descriptor's worth of transfers, within the in-flight limit.</summary>
    private void Launch()
    {
        _fetching = false;
        if (_error)
        {
            // The channel stopped on an error while this fetch was under way: nothing more starts.
            if (_inFlight == 0) Finish();
            return;
        }
        var descriptors = _work!.Descriptors;
        var resources = _resources.With(_work.Route);
        for (var n = 0; n < _engine.BatchDescriptor && _next < _end && _inFlight < _inFlightLimit; n++)
        {
            var d = descriptors[_next];
            var seconds = d.Bytes / _engine.Channel.BytesPerSecond + (_translated ? d.IommuPages * _engine.IotlbMiss.TotalSeconds : 0);
            _fabric.Tell(new StartTransfer(_next, d.Bytes, d.Bytes / seconds, resources), Self);
            if (_recorder is not null) _startedPs[_next] = Context.Now().Picoseconds;
            _next++;
            _inFlight++;
        }
        Fetch();
    }

    private void OnTransferDone(int descriptor)
    {
        _inFlight--;
        _recorder?.Span(_track, "descriptor", _startedPs[descriptor], Context.Now().Picoseconds);
        if (!_error && _errors.Chance(_engine.ChannelErrorProbability)) _error = true;
        if (!_error) _completed.Add(descriptor);
        // A fetch under way finishes first (Launch then reports), so no stale fetch outlives the work it was for.
        if (_inFlight == 0 && !_fetching && (_error || _next == _end)) Finish();
        else Fetch();
    }

    private void Finish()
    {
        _work = null;
        _submitter.Tell(new DescriptorsCompleted(_index, _completed.DrainToImmutable(), _error, Context.Now().Picoseconds - _startPs), Self);
    }
}
