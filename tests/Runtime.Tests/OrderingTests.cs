using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Dispatch;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Tracing;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>The total order <c>(deliveryTime, priority, senderId, senderSeq)</c>: never the order sends were issued in.</summary>
public sealed class OrderingTests : TestKitBase
{
    private sealed record Fire(IActorRef Target, SimTime Delay, int Count);
    private sealed record Shot(string From, int Seq);

    /// <summary>On <see cref="Fire"/>, sends <c>Count</c> numbered shots to the target after <c>Delay</c>.</summary>
    private sealed class Shooter : ReceiveActor
    {
        public Shooter() => Receive<Fire>(f =>
        {
            for (var i = 0; i < f.Count; i++)
                Context.System.Scheduler.ScheduleTellOnce(f.Delay, f.Target, new Shot(Self.Path.Name, i), Self);
        });
    }

    private List<Shot> ShootInOrder(IEnumerable<string> issueOrder, SimTime delay, int count)
    {
        var shooters = new[] { "s0", "s1", "s2", "s3", "s4", "s5" }.ToDictionary(n => n, n => Sys.ActorOf(Props.Create<Shooter>(), n));
        var target = CreateTestProbe("target");
        foreach (var name in issueOrder) shooters[name].Tell(new Fire(target.Ref, delay, count));
        return target.ReceiveN(shooters.Count * count).Cast<Shot>().ToList();
    }

    [Fact]
    public void Same_time_sends_from_different_senders_arrive_in_sender_id_order_whatever_the_issue_order()
    {
        var delay = SimTime.FromNanoseconds(100);
        var forward = ShootInOrder(["s0", "s1", "s2", "s3", "s4", "s5"], delay, 3);
        var forwardHash = Sys.TraceHash;

        using var kit = new Fresh();
        var backward = kit.ShootInOrder(["s5", "s4", "s3", "s2", "s1", "s0"], delay, 3);

        Assert.Equal(forward, backward);
        var bySenderId = forward.OrderBy(s => StableHash.Of("/user/" + s.From)).ThenBy(s => s.Seq).ToList();
        Assert.Equal(bySenderId, forward);
        // Each sender's shots stay together and in its own order.
        foreach (var group in forward.GroupBy(s => s.From)) Assert.Equal([0, 1, 2], group.Select(s => s.Seq));
        Assert.NotEqual(0UL, forwardHash);
    }

    /// <summary>A second test kit in the same test, to compare two runs.</summary>
    private sealed class Fresh : TestKitBase
    {
        public List<Shot> ShootInOrder(IEnumerable<string> issueOrder, SimTime delay, int count)
        {
            var shooters = new[] { "s0", "s1", "s2", "s3", "s4", "s5" }.ToDictionary(n => n, n => Sys.ActorOf(Props.Create<Shooter>(), n));
            var target = CreateTestProbe("target");
            foreach (var name in issueOrder) shooters[name].Tell(new Fire(target.Ref, delay, count));
            return target.ReceiveN(shooters.Count * count).Cast<Shot>().ToList();
        }
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_send_order()
    {
        var probe = CreateTestProbe();
        var shooter = Sys.ActorOf(Props.Create<Shooter>(), "shooter");
        shooter.Tell(new Fire(probe.Ref, SimTime.Zero, 200));
        var shots = probe.ReceiveN(200).Cast<Shot>().Select(s => s.Seq);
        Assert.Equal(Enumerable.Range(0, 200), shots);
    }

    [Fact]
    public void Messages_from_the_test_arrive_in_send_order()
    {
        var probe = CreateTestProbe();
        for (var i = 0; i < 50; i++) probe.Ref.Tell(i);
        Assert.Equal(Enumerable.Range(0, 50).Cast<object>(), probe.ReceiveN(50));
    }

    [Fact]
    public void An_earlier_delivery_time_wins_over_issue_order()
    {
        var probe = CreateTestProbe();
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(30), probe.Ref, "late", null);
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(10), probe.Ref, "early", null);
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(20), probe.Ref, "middle", null);
        probe.ExpectMsg("early");
        Assert.Equal(SimTime.FromNanoseconds(10), Sys.Now);
        probe.ExpectMsg("middle");
        Assert.Equal(SimTime.FromNanoseconds(20), Sys.Now);
        probe.ExpectMsg("late");
        Assert.Equal(SimTime.FromNanoseconds(30), Sys.Now);
    }

    [Fact]
    public void A_stop_from_outside_goes_ahead_of_user_messages_due_at_the_same_time()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(DeadLetter));
        var shooter = Sys.ActorOf(Props.Create<Shooter>(), "shooter");
        shooter.Tell(new Fire(probe.Ref, SimTime.Zero, 1));
        Sys.Stop(shooter);
        var dead = probe.ExpectMsg<DeadLetter>();
        Assert.IsType<Fire>(dead.Message);
        Assert.Equal(shooter, dead.Recipient);
    }

    [Fact]
    public void Delivery_keys_compare_field_by_field()
    {
        var key = new DeliveryKey(10, DeliveryPriority.Normal, 5, 3);
        Assert.True(key.CompareTo(key with { TimePs = 11, Priority = DeliveryPriority.System, SenderId = 0, SenderSeq = 0 }) < 0);
        Assert.True(key.CompareTo(key with { Priority = DeliveryPriority.System }) > 0);
        Assert.True(key.CompareTo(key with { SenderId = 6, SenderSeq = 0 }) < 0);
        Assert.True(key.CompareTo(key with { SenderId = ulong.MaxValue }) < 0); // sender ids compare unsigned
        Assert.True(key.CompareTo(key with { SenderSeq = 4 }) < 0);
        Assert.Equal(0, key.CompareTo(key));
    }
}
