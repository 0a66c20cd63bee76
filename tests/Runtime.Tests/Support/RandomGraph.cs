using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>A message hopping through a <see cref="RandomGraph"/>: dies when <paramref name="Ttl"/> reaches zero.
/// Its payload (drawn from the sender's random stream) takes part in the trace hash.</summary>
public sealed record Hop(int Ttl, ulong Payload) : ITraceDigest
{
    public ulong PayloadDigest() => StableHash.Combine((ulong)Ttl, Payload);
}

/// <summary>An external kick: <see cref="Hop"/> with <paramref name="Ttl"/> to node <paramref name="Node"/> at <paramref name="AtNs"/>.</summary>
public sealed record Kickoff(int Node, long AtNs, int Ttl);

/// <summary>The shape of a random actor graph: node i sends to <c>Targets[i]</c>; which targets, how many, after which
/// delay and with which payload is decided at run time by each node's <c>Context.Random</c>.</summary>
public sealed record RandomGraph(int[][] Targets, Kickoff[] Kickoffs, int MaxDelayNs, bool Occupy, bool Timers, bool Failures)
{
    /// <summary>Most targets a node sends one hop to.</summary>
    public const int MaxFanOut = 3;

    /// <summary>Longest hop chain a kickoff may start (bounds a run at MaxFanOut^MaxTtl deliveries per kickoff).</summary>
    public const int MaxTtl = 5;

    /// <summary>Builds the graph in a fresh system seeded with <paramref name="seed"/> and queues the kickoffs; nothing runs yet.</summary>
    public ActorSystem Build(ulong seed)
    {
        var sys = ActorSystem.Create("graph", seed);
        for (var i = 0; i < Targets.Length; i++)
        {
            var targets = Targets[i].Select(t => $"/user/n{t}").ToArray();
            sys.ActorOf(Props.Create(() => new Node(this, targets)), $"n{i}");
        }
        foreach (var k in Kickoffs)
            sys.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(k.AtNs), sys.Lookup($"/user/n{k.Node}")!, new Hop(k.Ttl, 0), null);
        return sys;
    }

    /// <summary>Builds, runs to quiescence and returns (trace hash, deliveries, end time).</summary>
    public (ulong Hash, long Delivered, SimTime End) Run(ulong seed)
    {
        using var sys = Build(seed);
        sys.Run();
        return (sys.TraceHash, sys.DeliveredCount, sys.Now);
    }

    /// <summary>Builds and drives the system in windows of <paramref name="windowPs"/> (skipping empty time with
    /// <see cref="ActorSystem.NextEventTime"/> when <paramref name="skipEmpty"/>), as a cluster member would.</summary>
    public (ulong Hash, long Delivered) RunInWindows(ulong seed, long windowPs, bool skipEmpty)
    {
        using var sys = Build(seed);
        var windowStart = sys.Now;
        while (sys.NextEventTime is { } next)
        {
            if (skipEmpty && next > windowStart) windowStart = next;
            windowStart += SimTime.FromPicoseconds(windowPs);
            sys.AdvanceTo(windowStart);
        }
        return (sys.TraceHash, sys.DeliveredCount);
    }

    public override string ToString() =>
        $"RandomGraph(targets: [{string.Join("; ", Targets.Select((t, i) => $"n{i}->{string.Join(",", t)}"))}], " +
        $"kickoffs: [{string.Join("; ", Kickoffs.Select(k => $"n{k.Node}@{k.AtNs}ns ttl {k.Ttl}"))}], maxDelay {MaxDelayNs}ns, " +
        $"occupy {Occupy}, timers {Timers}, failures {Failures})";

    /// <summary>One node: on a live <see cref="Hop"/>, works for a random while, then sends 1..MaxFanOut hops to random
    /// targets after random delays (zero-delay ones by Tell), maybe arms a keyed self-timer, maybe fails (and is restarted).</summary>
    private sealed class Node(RandomGraph graph, string[] targets) : ActorBase
    {
        protected internal override bool Receive(object message)
        {
            if (message is not Hop hop) return false;
            if (hop.Ttl <= 0) return true;
            var random = Context.Random;
            if (graph.Occupy) Context.Occupy(SimTime.FromPicoseconds(random.Next(5_000)));
            var fanOut = 1 + random.Next(Math.Min(MaxFanOut, targets.Length));
            for (var i = 0; i < fanOut; i++)
            {
                var target = Context.System.Lookup(targets[random.Next(targets.Length)])!;
                var delayPs = random.Chance(0.25) ? 0 : random.Next(graph.MaxDelayNs * 1_000 + 1);
                var next = new Hop(hop.Ttl - 1, random.NextUInt64());
                if (delayPs == 0) target.Tell(next);
                else Context.System.Scheduler.ScheduleTellOnce(SimTime.FromPicoseconds(delayPs), target, next, Self);
            }
            if (graph.Timers && random.Chance(0.3))
                Timers.StartSingleTimer(random.Next(2), new Hop(hop.Ttl - 1, random.NextUInt64()), SimTime.FromPicoseconds(random.Next(graph.MaxDelayNs * 1_000 + 1)));
            if (graph.Failures && random.Chance(0.05)) throw new InvalidOperationException("random failure");
            return true;
        }
    }
}
