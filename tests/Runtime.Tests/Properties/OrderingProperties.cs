using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Dispatch;
using ActorMigration.Runtime.Tracing;
using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Runtime.Tests.Properties;

/// <summary>Deliveries follow the key <c>(time, priority, senderId, senderSeq)</c> whatever order the sends were issued in.</summary>
public sealed class OrderingProperties
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(200);

    /// <summary>One send: <paramref name="DelayNs"/> from now, carrying <paramref name="Payload"/>.</summary>
    public sealed record Send(int DelayNs, int Payload);

    /// <summary>What the receiver saw: from whom, what, when.</summary>
    public sealed record Seen(string From, int Payload, SimTime At);

    /// <summary>A payload in the trace hash, so that two traces agree only if the same payloads arrived in the same order.</summary>
    public sealed record Shot(int Payload) : ITraceDigest
    {
        public ulong PayloadDigest() => (ulong)Payload;
    }

    /// <summary>Few distinct delays, so that many sends share a delivery time.</summary>
    private static readonly Gen<Send> SendGen =
        from delay in Gen.Elements(0, 5, 10)
        from payload in Gen.Choose(0, 1_000)
        select new Send(delay, payload);

    /// <summary>2..6 senders with 0..6 sends each.</summary>
    private static readonly Gen<Send[][]> PlanGen =
        Gen.Choose(2, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 6).SelectMany(k => Gen.ArrayOf(SendGen, k)), n));

    private static string SenderName(int i) => $"s{i}";

    /// <summary>The order the key prescribes: time, then sender id (a stable hash of the path), then the sender's own order.</summary>
    private static List<Seen> KeyOrder(Send[][] plan) =>
        plan.SelectMany((sends, i) => sends.Select((s, seq) => (s, i, seq)))
            .OrderBy(x => x.s.DelayNs)
            .ThenBy(x => StableHash.Of("/user/" + SenderName(x.i)))
            .ThenBy(x => x.seq)
            .Select(x => new Seen(SenderName(x.i), x.s.Payload, SimTime.FromNanoseconds(x.s.DelayNs)))
            .ToList();

    /// <summary>Sends its plan from PreStart, so creating it is issuing its sends.</summary>
    private sealed class Sender(IActorRef receiver, Send[] plan) : ActorBase
    {
        protected internal override void PreStart()
        {
            foreach (var send in plan)
                Context.System.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(send.DelayNs), receiver, new Shot(send.Payload), Self);
        }

        protected internal override bool Receive(object message) => false;
    }

    private sealed class Receiver(List<Seen> seen) : ActorBase
    {
        protected internal override bool Receive(object message)
        {
            seen.Add(new Seen(Sender.Path.Name, ((Shot)message).Payload, Context.Now));
            return true;
        }
    }

    /// <summary>Creates the senders in <paramref name="creationOrder"/> (each issues its sends as it starts) and runs.</summary>
    private static (List<Seen> Seen, ulong Hash) RunCreatingSendersIn(Send[][] plan, int[] creationOrder)
    {
        using var sys = ActorSystem.Create("order", 1);
        var seen = new List<Seen>();
        var receiver = sys.ActorOf(Props.Create(() => new Receiver(seen)), "receiver");
        foreach (var i in creationOrder) sys.ActorOf(Props.Create(() => new Sender(receiver, plan[i])), SenderName(i));
        sys.Run();
        return (seen, sys.TraceHash);
    }

    /// <summary>Issues every sender's sends interleaved in <paramref name="issueOrder"/> (a sequence of sender indices;
    /// each sender's own sends keep their order), through the runtime's send path for actors.</summary>
    private static (List<Seen> Seen, ulong Hash) RunIssuingInterleaved(Send[][] plan, int[] issueOrder)
    {
        using var sys = ActorSystem.Create("order", 1);
        var seen = new List<Seen>();
        var receiver = ActorCell.CellOf(sys.ActorOf(Props.Create(() => new Receiver(seen)), "receiver"));
        var senders = plan.Select((p, i) => ActorCell.CellOf(sys.ActorOf(Props.Create(() => new Sender(receiver.Self, [])), SenderName(i)))).ToArray();
        var next = new int[plan.Length];
        foreach (var i in issueOrder)
        {
            var send = plan[i][next[i]++];
            sys.PostFrom(senders[i], receiver, new Shot(send.Payload), senders[i].Self, SimTime.FromNanoseconds(send.DelayNs).Picoseconds, EnvelopeKind.User);
        }
        sys.Run();
        return (seen, sys.TraceHash);
    }

    [Fact]
    public void Same_time_sends_arrive_in_key_order_whatever_order_the_senders_were_created_in()
    {
        var cases = from plan in PlanGen
                    from order in Gen.Shuffle(Enumerable.Range(0, plan.Length).ToArray())
                    select (plan, order);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var inOrder = RunCreatingSendersIn(c.plan, Enumerable.Range(0, c.plan.Length).ToArray());
            var shuffled = RunCreatingSendersIn(c.plan, c.order);
            return inOrder.Seen.SequenceEqual(KeyOrder(c.plan))
                && shuffled.Seen.SequenceEqual(inOrder.Seen)
                && shuffled.Hash == inOrder.Hash;
        }).Check(Cases);
    }

    [Fact]
    public void Same_time_sends_arrive_in_key_order_whatever_the_interleaving_of_their_issue()
    {
        var cases = from plan in PlanGen
                    from interleaving in Gen.Shuffle(plan.SelectMany((sends, i) => Enumerable.Repeat(i, sends.Length)).ToArray())
                    select (plan, interleaving);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var bySender = GroupedBySender(c.plan);
            var grouped = RunIssuingInterleaved(c.plan, bySender);
            var interleaved = RunIssuingInterleaved(c.plan, c.interleaving);
            return grouped.Seen.SequenceEqual(KeyOrder(c.plan))
                && interleaved.Seen.SequenceEqual(grouped.Seen)
                && interleaved.Hash == grouped.Hash;
        }).Check(Cases);

        static int[] GroupedBySender(Send[][] plan) => plan.SelectMany((sends, i) => Enumerable.Repeat(i, sends.Length)).ToArray();
    }
}
