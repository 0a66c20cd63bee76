using System.Diagnostics;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Node.Cluster.Partition;

/// <summary>The client side of a partitioned run: starts one partition on each of the given members, then drives the windows
/// (<see cref="WindowSchedule"/>): every runner runs its window, their crossings are routed to the runners that hold the receivers
/// with the next window, and at each sample time the shards' counters are merged in shard order. Completes the result, or fails
/// it with a <see cref="ClusterUnavailableException"/> when a member is lost or fails its partition.</summary>
/// <remarks>Starting: <see cref="PartitionReady"/> (watches the runner), <see cref="PartitionFailed"/>. Running: <see cref="WindowDone"/>,
/// <see cref="PartitionFailed"/>, <see cref="Terminated"/> of a runner: it stopped, or its member left or was downed (an unreachable
/// member is not lost yet: under load a member can miss heartbeats for a while; the split-brain resolver decides, and downing it
/// ends the watch).</remarks>
public sealed class PartitionCoordinator : ReceiveActor
{
    private readonly TieringScenario _scenario;
    private readonly IReadOnlyList<ActorPath> _hosts;
    private readonly IReadOnlyList<Address> _members;
    private readonly Guid _runId = Guid.NewGuid();
    private readonly TaskCompletionSource<TieringResult> _result;
    private readonly PartitionCounters? _counters;
    private readonly Action<SimTime>? _progress;
    private readonly WindowSchedule _schedule;
    private readonly IActorRef?[] _runners;
    private readonly long?[] _next;
    private readonly List<CrossingSend>[] _inboxes;
    private readonly WindowDone?[] _done;
    private readonly List<TieringSample> _samples = [];
    private readonly Stopwatch _round = new();
    private int _waiting;
    private SimTime? _stop;

    /// <summary>See <see cref="Props"/>.</summary>
    public PartitionCoordinator(TieringScenario scenario, IReadOnlyList<ActorPath> hosts, TaskCompletionSource<TieringResult> result,
        PartitionCounters? counters, Action<SimTime>? progress)
    {
        _scenario = scenario;
        _hosts = hosts;
        _members = hosts.Select(h => h.Address).ToArray();
        var members = _members;
        _result = result;
        _counters = counters;
        _progress = progress;
        _schedule = new WindowSchedule(TieringShards.Lookahead(scenario), TieringSimulation.SampleTimes(scenario));
        _runners = new IActorRef?[members.Count];
        _next = new long?[members.Count];
        _done = new WindowDone?[members.Count];
        _inboxes = members.Select(_ => new List<CrossingSend>()).ToArray();
        _waiting = members.Count;
        Starting();
    }

    /// <summary>A coordinator running <paramref name="scenario"/> in one partition on each of <paramref name="hosts"/> (<see cref="PartitionHost"/>s,
    /// see <see cref="HostOn"/>); <paramref name="counters"/>, if given, counts what partitioning cost; <paramref name="progress"/> hears of every sample.</summary>
    public static Props Props(TieringScenario scenario, IReadOnlyList<ActorPath> hosts, TaskCompletionSource<TieringResult> result,
        PartitionCounters? counters = null, Action<SimTime>? progress = null) =>
        Akka.Actor.Props.Create(() => new PartitionCoordinator(scenario, hosts, result, counters, progress));

    /// <summary>The partition host of the member at <paramref name="member"/>.</summary>
    public static ActorPath HostOn(Address member) => new RootActorPath(member) / "user" / PartitionHost.Name;

    /// <inheritdoc />
    protected override void PreStart()
    {
        _round.Start();
        for (var p = 0; p < _hosts.Count; p++) Context.ActorSelection(_hosts[p]).Tell(new StartPartition(_runId, _scenario, p, _hosts.Count));
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var runner in _runners) runner?.Tell(new EndPartition(_runId));
        _result.TrySetException(new ClusterUnavailableException("the partitioned run was stopped before it ended"));
    }

    private void Starting()
    {
        Receive<PartitionReady>(r => r.RunId == _runId, r =>
        {
            _runners[r.Partition] = Sender;
            _next[r.Partition] = r.NextEventPs;
            Context.Watch(Sender);
            if (--_waiting > 0) return;
            if (_counters is not null) _counters.StartMs += _round.Elapsed.TotalMilliseconds;
            NextWindow();
        });
        Failures();
    }

    private void Running()
    {
        Receive<WindowDone>(d => d.RunId == _runId, d =>
        {
            _done[d.Partition] = d;
            _next[d.Partition] = d.NextEventPs;
            if (--_waiting == 0) EndWindow();
        });
        Failures();
    }

    private void Failures()
    {
        Receive<PartitionFailed>(f => f.RunId == _runId, f => Fail($"partition {f.Partition} on {_members[f.Partition]} failed: {f.Reason}"));
        Receive<Terminated>(t => Fail($"the member at {t.ActorRef.Path.Address} holding partition {Array.IndexOf(_runners, t.ActorRef)} was lost {Where()}"));
    }

    private void EndWindow()
    {
        var done = _done.Select(d => d!).ToArray();
        if (_counters is not null)
        {
            var slowest = done.Max(d => d.LocalMs);
            _counters.LocalMs += slowest;
            _counters.SyncMs += _round.Elapsed.TotalMilliseconds - slowest;
            _counters.Crossed += done.Sum(d => d.Outbox.Count);
            Measure(done);
        }
        foreach (var d in done)
            foreach (var crossing in d.Outbox)
                _inboxes[TieringShards.PartitionOfReceiver(_scenario.System, crossing.Receiver, _members.Count)].Add(crossing);
        if (_stop is { } t)
        {
            _samples.Add(TieringSimulation.Snapshot(t, _scenario, done.SelectMany(d => d.Telemetry!)));
            _progress?.Invoke(t);
        }
        if (!_schedule.Done)
        {
            NextWindow();
            return;
        }
        if (_counters is not null) _counters.Windows += _schedule.Windows;
        // The last window ends at the last sample: every member sent its counters as they stand at the end.
        _result.TrySetResult(TieringSimulation.Result(_scenario, _samples, done.SelectMany(d => d.Telemetry!),
            done.SelectMany(d => d.Shards!).Select(s => (s.Shard, s.TraceHash, s.Delivered))));
        Context.Stop(Self);
    }

    private void NextWindow()
    {
        // The earliest event anywhere: in a partition, or in a message on its way to one.
        var next = _next.Concat(_inboxes.SelectMany(i => i).Select(c => (long?)c.TimePs)).Min();
        var (end, stop) = _schedule.Next(next);
        _stop = stop;
        _waiting = _runners.Length;
        _round.Restart();
        for (var p = 0; p < _runners.Length; p++)
        {
            var window = new RunWindow(_runId, end.Picoseconds, stop is not null, _inboxes[p].ToArray());
            _inboxes[p].Clear();
            if (_counters is not null) Measure([window]);
            _runners[p]!.Tell(window);
        }
        Become(Running);
    }

    /// <summary>Serializes the window messages once more, as remoting does, to count their bytes and the time it takes.</summary>
    private void Measure(IEnumerable<object> messages)
    {
        var clock = Stopwatch.StartNew();
        foreach (var message in messages)
        {
            var serializer = Context.System.Serialization.FindSerializerFor(message);
            var bytes = serializer.ToBinary(message);
            serializer.FromBinary(bytes, message.GetType());
            _counters!.Bytes += bytes.Length;
        }
        _counters!.SerializationMs += clock.Elapsed.TotalMilliseconds;
    }

    private string Where() => $"after {_samples.Count} of {TieringSimulation.SampleTimes(_scenario).Count} samples";

    private void Fail(string reason)
    {
        _result.TrySetException(new ClusterUnavailableException(reason));
        Context.Stop(Self);
    }
}
