using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Randomness;
using ActorMigration.Runtime.Tracing;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>A message hopping between the nodes of an <see cref="ActorProgram"/>: dies when <paramref name="Ttl"/> reaches
/// zero. Its payload, drawn from the sender's random stream, takes part in the trace hash.</summary>
public sealed record Hop(int Ttl, ulong Payload) : ITraceDigest
{
    public ulong PayloadDigest() => StableHash.Combine((ulong)Ttl, Payload);
}

/// <summary>An outside kick: a <see cref="Hop"/> with <paramref name="Ttl"/> to node <paramref name="Node"/> at
/// <paramref name="AtPs"/>.</summary>
public sealed record Kickoff(int Node, long AtPs, int Ttl);

/// <summary>One node of a program: the nodes it sends to, and which Akka features it uses. <paramref name="MaxRestarts"/>
/// &gt;= 0 puts the node's worker under a supervising parent with <c>OneForOneStrategy(MaxRestarts, no window)</c>, and lets
/// the worker fail; -1 makes the node a plain top-level actor that never fails.</summary>
public sealed record NodeSpec(int[] Peers, bool Busy, bool Timers, bool Stash, bool Watch, int MaxRestarts);

/// <summary>What a run gave: the trace hash, the user messages delivered and the virtual time at the end.</summary>
public readonly record struct RunOutcome(ulong Hash, long Delivered, long EndPs);

/// <summary>A random actor program: nodes, their peers, outside kickoffs and feature switches. Which peers a node sends to,
/// after which delay and by which means, how long it is busy, which timers it arms, when it stashes, spawns a watched child
/// or fails is drawn at run time from each node's own <c>Context.Random()</c>, so the seed decides the run.</summary>
public sealed record ActorProgram(NodeSpec[] Nodes, Kickoff[] Kickoffs, long MaxDelayPs)
{
    /// <summary>Most peers one hop is passed on to.</summary>
    public const int MaxFanOut = 3;

    /// <summary>Longest hop chain a kickoff starts: with the fan-out and timers it bounds a run (typically ~100 deliveries, at most ~10^4).</summary>
    public const int MaxTtl = 7;

    /// <summary>A run stops here if the program somehow never settles.</summary>
    private const long EventLimit = 5_000_000;

    /// <summary>Builds the program in a fresh world seeded with <paramref name="seed"/> and books the kickoffs; nothing runs yet.</summary>
    public SimulationWorld Build(ulong seed)
    {
        var world = SimulationWorld.Create("program", seed);
        var nodes = new IActorRef[Nodes.Length];
        // The actors start when the world runs, by which time every slot is filled: peers are looked up in the shared array.
        for (var i = 0; i < Nodes.Length; i++)
        {
            var spec = Nodes[i];
            var props = spec.MaxRestarts >= 0
                ? Props.Create(() => new Supervising(spec, nodes, MaxDelayPs))
                : Props.Create(() => new Node(spec, nodes, MaxDelayPs));
            nodes[i] = world.ActorOf(props, $"n{i}");
        }
        foreach (var k in Kickoffs)
            world.ScheduleTellOnce(SimTime.FromPicoseconds(k.AtPs), nodes[k.Node], new Hop(k.Ttl, 0), null);
        return world;
    }

    /// <summary>Builds, runs to quiescence and disposes a world; returns what the run gave.</summary>
    public RunOutcome Run(ulong seed)
    {
        using var world = Build(seed);
        world.Run(EventLimit);
        if (world.NextEventTime is not null) throw new InvalidOperationException($"{this} did not settle in {EventLimit} events");
        return new RunOutcome(world.TraceHash, world.DeliveredCount, world.Now.Picoseconds);
    }

    /// <summary>Builds and drives a world window by window (<c>AdvanceTo</c>), as a cluster member would, skipping empty
    /// time with <c>NextEventTime</c> when <paramref name="skipEmpty"/>.</summary>
    public RunOutcome RunInWindows(ulong seed, long windowPs, bool skipEmpty)
    {
        using var world = Build(seed);
        var windowEnd = world.Now;
        var windows = 0L;
        while (world.NextEventTime is { } next)
        {
            if (skipEmpty && next > windowEnd) windowEnd = next;
            windowEnd += SimTime.FromPicoseconds(windowPs);
            world.AdvanceTo(windowEnd);
            if (++windows > EventLimit) throw new InvalidOperationException($"{this} did not settle in {EventLimit} windows");
        }
        return new RunOutcome(world.TraceHash, world.DeliveredCount, world.Now.Picoseconds);
    }

    public override string ToString() =>
        $"ActorProgram(nodes: [{string.Join("; ", Nodes.Select((n, i) => $"n{i}->{string.Join(",", n.Peers)}{Flags(n)}"))}], " +
        $"kickoffs: [{string.Join("; ", Kickoffs.Select(k => $"n{k.Node}@{k.AtPs}ps ttl {k.Ttl}"))}], maxDelay {MaxDelayPs}ps)";

    private static string Flags(NodeSpec n) =>
        (n.Busy ? " busy" : "") + (n.Timers ? " timers" : "") + (n.Stash ? " stash" : "") + (n.Watch ? " watch" : "") +
        (n.MaxRestarts >= 0 ? $" restarts<={n.MaxRestarts}" : "");

    private sealed class Reopen
    {
        public static readonly Reopen Instance = new();
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class Expire
    {
        public static readonly Expire Instance = new();
    }

    private sealed class NodeFailure(string message) : Exception(message);

    /// <summary>The parent of a node that may fail: restarts its worker up to the node's limit, with no time window.</summary>
    private sealed class Supervising : UntypedActor
    {
        private readonly IActorRef _worker;
        private readonly int _maxRestarts;

        public Supervising(NodeSpec spec, IActorRef[] nodes, long maxDelayPs)
        {
            _maxRestarts = spec.MaxRestarts;
            _worker = Context.ActorOf(Props.Create(() => new Node(spec, nodes, maxDelayPs)), "worker");
        }

        protected override SupervisorStrategy SupervisorStrategy() =>
            new OneForOneStrategy(_maxRestarts, -1, _ => Directive.Restart, loggingEnabled: false);

        protected override void OnReceive(object message) => _worker.Forward(message);
    }

    /// <summary>A child that stops itself when told to expire.</summary>
    private sealed class Ephemeral : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is Expire) Context.Stop(Self);
        }
    }

    /// <summary>One node. On a live <see cref="Hop"/>: maybe works for a while, passes the hop on to 1..3 random peers (Tell,
    /// a picosecond delay, or a TimeSpan delay through Akka's scheduler), maybe arms Akka timers, maybe starts stashing
    /// until a delayed reopen, maybe spawns and watches a short-lived child, maybe fails.</summary>
    private sealed class Node : UntypedActor, IWithTimers, IWithUnboundedStash
    {
        private readonly NodeSpec _spec;
        private readonly IActorRef[] _nodes;
        private readonly long _maxDelayPs;
        private readonly SimRandom _random;
        private int _ticksLeft, _children, _childSeq;

        public Node(NodeSpec spec, IActorRef[] nodes, long maxDelayPs)
        {
            _spec = spec;
            _nodes = nodes;
            _maxDelayPs = maxDelayPs;
            _random = Context.Random();
        }

        public ITimerScheduler Timers { get; set; } = null!;

        public IStash Stash { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Hop hop:
                    Handle(hop);
                    break;
                case Tick:
                    if (--_ticksLeft <= 0) Timers.Cancel("tick");
                    break;
                case Reopen:
                    break;
                case Terminated:
                    _children--;
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }

        /// <summary>While stashing, hops wait in the stash until the reopen comes.</summary>
        private void Stashing(object message)
        {
            switch (message)
            {
                case Hop:
                    Stash.Stash();
                    break;
                case Reopen:
                    UnbecomeStacked();
                    Stash.UnstashAll();
                    break;
                default:
                    OnReceive(message);
                    break;
            }
        }

        private SimTime Delay() => SimTime.FromPicoseconds((long)(_random.NextUInt64() % (ulong)(_maxDelayPs + 1)));

        private void Handle(Hop hop)
        {
            if (hop.Ttl <= 0) return;
            if (_spec.Busy) Context.Occupy(SimTime.FromPicoseconds(_random.Next(5_000)));

            var fanOut = 1 + _random.Next(Math.Min(MaxFanOut, _spec.Peers.Length));
            for (var i = 0; i < fanOut; i++)
            {
                var target = _nodes[_spec.Peers[_random.Next(_spec.Peers.Length)]];
                var next = new Hop(hop.Ttl - 1, _random.NextUInt64());
                switch (_random.Next(4))
                {
                    case 0:
                        target.Tell(next);
                        break;
                    case 3:
                        var ticks = _random.Next((int)Math.Min(int.MaxValue - 1, _maxDelayPs / 100_000) + 1);
                        Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromTicks(ticks), target, next, Self);
                        break;
                    default:
                        Context.ScheduleTellOnce(Delay(), target, next);
                        break;
                }
            }

            if (_spec.Timers)
            {
                if (_random.Chance(0.3))
                    Timers.StartSingleTimer(_random.Next(2), new Hop(hop.Ttl - 1, _random.NextUInt64()), TimeSpan.FromTicks(1 + _random.Next(20)));
                if (_random.Chance(0.2) && !Timers.IsTimerActive("tick"))
                {
                    _ticksLeft = 1 + _random.Next(3);
                    Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromTicks(1 + _random.Next(10)));
                }
            }

            if (_spec.Stash && _random.Chance(0.25))
            {
                BecomeStacked(Stashing);
                Context.ScheduleTellOnce(Delay(), Self, Reopen.Instance);
            }

            if (_spec.Watch && _children < 3 && _random.Chance(0.3))
            {
                var child = Context.Watch(Context.ActorOf(Props.Create<Ephemeral>(), $"c{_childSeq++}"));
                _children++;
                Context.ScheduleTellOnce(Delay(), child, Expire.Instance);
            }

            if (_spec.MaxRestarts >= 0 && _random.Chance(0.1)) throw new NodeFailure($"{Self.Path.Name} fails at {Context.Now()}");
        }
    }
}
