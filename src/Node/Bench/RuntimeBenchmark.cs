using System.Diagnostics;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Randomness;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Node.Bench;

/// <summary>Throughput of Akka.NET actors in virtual time: ping-pong, fan-out to random peers, and a large population of
/// Akka timers.</summary>
/// <remarks>Wall-clock time is read here only to report speed; it never enters a simulation. Each figure is the best of
/// a few repetitions after a warm-up, which is the least noisy choice on a shared 2-core machine.</remarks>
public static class RuntimeBenchmark
{
    private const int Repetitions = 3;

    /// <summary>One figure: what it measures, the rate, and the bytes allocated per event on the driving thread.</summary>
    public sealed record Result(string Name, long Events, double EventsPerSecond, double AllocatedBytesPerEvent, ulong TraceHash);

    /// <summary>Runs all three benchmarks; <paramref name="scale"/> multiplies the event counts (1 = the reported configuration).</summary>
    public static IReadOnlyList<Result> RunAll(double scale = 1.0) =>
    [
        Measure("pingpong", 1, world => PingPong(world, (long)(4_000_000 * scale))),
        Measure("fanout", 2, world => FanOut(world, actors: 1_000, hops: (long)(3_000_000 * scale))),
        Measure("timers", 3, world => Timers(world, pending: 100_000, firings: (long)(1_000_000 * scale))),
    ];

    private static Result Measure(string name, ulong seed, Func<SimulationWorld, IActorRef[]> build)
    {
        Result? best = null;
        for (var i = 0; i <= Repetitions; i++)
        {
            using var world = SimulationWorld.Create("bench-" + name, seed);
            var starters = build(world);
            world.Run(); // creations and start-up: not part of the figure
            foreach (var starter in starters) starter.Tell(Go.Instance, ActorRefs.NoSender);
            var before = world.DeliveredCount;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            world.Run();
            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var events = world.DeliveredCount - before;
            var result = new Result(name, events, events / clock.Elapsed.TotalSeconds, (double)allocated / events, world.TraceHash);
            if (i > 0 && (best is null || result.EventsPerSecond > best.EventsPerSecond)) best = result; // i == 0 warms up the JIT
        }
        return best!;
    }

    /// <summary>Starts the measured part.</summary>
    private sealed class Go
    {
        public static readonly Go Instance = new();
    }

    private sealed class Ball(long remaining)
    {
        public long Remaining = remaining;
    }

    /// <summary>Returns the same ball to its sender until it has made its round trips: one message object for the whole run.</summary>
    private sealed class Player(IActorRef? partner, long messages) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is Go)
            {
                partner?.Tell(new Ball(messages), Self);
                return;
            }
            var ball = (Ball)message;
            if (--ball.Remaining > 0) Sender.Tell(ball, Self);
        }
    }

    private static IActorRef[] PingPong(SimulationWorld world, long messages)
    {
        var b = world.ActorOf(SimulationProps.Of(() => new Player(null, 0)), "b");
        return [world.ActorOf(SimulationProps.Of(() => new Player(b, messages)), "a")];
    }

    private sealed class Token(long hops)
    {
        public long Hops = hops;
    }

    /// <summary>Passes each token it gets to a peer drawn from its own random stream.</summary>
    private sealed class Peer(IActorRef[] peers, long hops) : UntypedActor
    {
        private readonly SimRandom _random = Context.Random();

        protected override void OnReceive(object message)
        {
            // One token per actor, so the heap holds ~1,000 events: every send is a heap operation at that depth.
            var token = message as Token ?? new Token(hops);
            if (--token.Hops > 0) peers[_random.Next(peers.Length)].Tell(token, Self);
        }
    }

    private static IActorRef[] FanOut(SimulationWorld world, int actors, long hops)
    {
        var peers = new IActorRef[actors];
        for (var i = 0; i < actors; i++) peers[i] = world.ActorOf(SimulationProps.Of(() => new Peer(peers, hops / actors)), "p" + i);
        return peers;
    }

    private sealed record Tick(int Index);

    /// <summary>Keeps its share of the timer population pending, as Akka timers; stops them all once the firing budget is spent.</summary>
    private sealed class TimerOwner(int timers, long[] budget) : UntypedActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            if (message is Go)
            {
                var random = Context.Random();
                for (var i = 0; i < timers; i++)
                    Timers.StartPeriodicTimer(i, new Tick(i), TimeSpan.FromTicks(10 + random.Next(10_000)));
                return;
            }
            if (--budget[0] == 0) Context.Parent.Tell(PoisonPill.Instance);
        }
    }

    private static IActorRef[] Timers(SimulationWorld world, int pending, long firings) =>
        [world.ActorOf(SimulationProps.Of(() => new TimerGroup(1_000, pending / 1_000, firings)), "timers")];

    /// <summary>The parent of the timer owners: its stop (when the budget is spent) stops them and their timers.</summary>
    private sealed class TimerGroup(int owners, int timersEach, long firings) : UntypedActor
    {
        private readonly List<IActorRef> _owners = [];

        protected override void PreStart()
        {
            var budget = new[] { firings };
            for (var i = 0; i < owners; i++) _owners.Add(Context.ActorOf(SimulationProps.Of(() => new TimerOwner(timersEach, budget)), "o" + i));
        }

        protected override void OnReceive(object message)
        {
            if (message is Go) foreach (var owner in _owners) owner.Tell(message);
        }
    }
}
