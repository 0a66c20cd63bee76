using System.Diagnostics;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Node.Bench;

/// <summary>Throughput of the actor runtime itself: ping-pong, fan-out to random peers, and a large timer population.</summary>
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
        Measure("pingpong", () => PingPong((long)(4_000_000 * scale))),
        Measure("fanout", () => FanOut(actors: 1_000, hops: (long)(3_000_000 * scale))),
        Measure("timers", () => Timers(pending: 100_000, firings: (long)(2_000_000 * scale))),
    ];

    private static Result Measure(string name, Func<ActorSystem> build)
    {
        Result? best = null;
        for (var i = 0; i <= Repetitions; i++)
        {
            using var system = build();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            system.Run();
            var events = system.DeliveredCount;
            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var result = new Result(name, events, events / clock.Elapsed.TotalSeconds, (double)allocated / events, system.TraceHash);
            if (i > 0 && (best is null || result.EventsPerSecond > best.EventsPerSecond)) best = result; // i == 0 warms up the JIT
        }
        return best!;
    }

    private sealed class Ball(long remaining)
    {
        public long Remaining = remaining;
    }

    /// <summary>Returns the same ball to its sender until it has made its round trips: one message object for the whole run.</summary>
    private sealed class Player : ActorBase
    {
        protected override bool Receive(object message)
        {
            var ball = (Ball)message;
            if (--ball.Remaining > 0) Sender.Tell(ball, Self);
            return true;
        }
    }

    private static ActorSystem PingPong(long messages)
    {
        var system = ActorSystem.Create("bench-pingpong", 1);
        var a = system.ActorOf(Props.Create<Player>(), "a");
        var b = system.ActorOf(Props.Create<Player>(), "b");
        a.Tell(new Ball(messages), b);
        return system;
    }

    private sealed class Token(long hops)
    {
        public long Hops = hops;
    }

    /// <summary>Passes each token it gets to a peer drawn from its own random stream.</summary>
    private sealed class Peer(IActorRef[] peers) : ActorBase
    {
        protected override bool Receive(object message)
        {
            var token = (Token)message;
            if (--token.Hops > 0) peers[Context.Random.Next(peers.Length)].Tell(token, Self);
            return true;
        }
    }

    private static ActorSystem FanOut(int actors, long hops)
    {
        var system = ActorSystem.Create("bench-fanout", 2);
        var peers = new IActorRef[actors];
        for (var i = 0; i < actors; i++) peers[i] = system.ActorOf(Props.Create(() => new Peer(peers)), "p" + i);
        // One token per actor, so the queue holds ~1,000 envelopes: every send is a heap operation at that depth.
        foreach (var peer in peers) peer.Tell(new Token(hops / actors), null);
        return system;
    }

    private sealed record Tick(int Index);

    /// <summary>Keeps its share of the timer population pending; stops them all once the firing budget is spent.</summary>
    private sealed class TimerOwner(int timers, long[] budget) : ActorBase
    {
        protected override void PreStart()
        {
            for (var i = 0; i < timers; i++)
                Timers.StartPeriodicTimer(i, new Tick(i), SimTime.FromNanoseconds(1_000 + Context.Random.Next(1_000_000)));
        }

        protected override bool Receive(object message)
        {
            if (--budget[0] <= 0) Context.System.Stop(Context.Parent);
            return true;
        }
    }

    private sealed class TimerRoot(int owners, int timersEach, long firings) : ActorBase
    {
        protected override void PreStart()
        {
            var budget = new[] { firings };
            for (var i = 0; i < owners; i++) Context.ActorOf(Props.Create(() => new TimerOwner(timersEach, budget)), "o" + i);
        }

        protected override bool Receive(object message) => false;
    }

    private static ActorSystem Timers(int pending, long firings)
    {
        var system = ActorSystem.Create("bench-timers", 3);
        const int owners = 1_000;
        system.ActorOf(Props.Create(() => new TimerRoot(owners, pending / owners, firings)), "timers");
        return system;
    }
}
