using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>The delivery order <c>(time, priority, senderId, senderSeq)</c>: earlier time first; at one time Akka's system
/// messages before user messages, then the earlier-created sender's sends, then each sender's sends in send order.</summary>
public sealed class OrderingTests : SimulationTestKit
{
    private static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);

    private static SimTime Ps(long ps) => SimTime.FromPicoseconds(ps);

    /// <summary>On "work-then-stop", tells its child "work" and then stops it, both at the same instant.</summary>
    private sealed class StopsChildRightAfterTelling : UntypedActor
    {
        private readonly IActorRef _child;

        public StopsChildRightAfterTelling(IActorRef probe)
        {
            _child = Context.ActorOf(Recorder.Props(probe), "child");
            probe.Tell(_child);
        }

        protected override void OnReceive(object message)
        {
            _child.Tell("work");
            Context.Stop(_child);
        }
    }

    [Fact]
    public void At_one_virtual_time_a_stop_sent_after_a_user_message_still_goes_first()
    {
        var probe = CreateTestProbe();
        var parent = Spawn(Props.Create(() => new StopsChildRightAfterTelling(probe)), "parent");
        Run();
        var child = probe.ExpectMsg<IActorRef>();
        probe.Watch(child);
        Run();

        World.ScheduleTellOnce(Ns(3), parent, "work-then-stop", null);
        Run();

        // The Terminate system message overtook "work": the child stopped without handling it.
        probe.ExpectTerminated(child);
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ns(3), World.Now);
    }

    [Fact]
    public void From_outside_a_stop_overtakes_a_message_told_before_it_at_the_same_time()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        probe.Watch(recorder);
        Run();

        recorder.Tell("told first");
        Sys.Stop(recorder);
        Run();

        probe.ExpectTerminated(recorder);
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(0, World.DeliveredCount);
    }

    [Fact]
    public void Between_two_senders_at_one_time_the_earlier_created_actor_goes_first_even_if_it_sent_later()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var older = Spawn(Props.Create<Sender>(), "older");
        var younger = Spawn(Props.Create<Sender>(), "younger");

        // The younger sender is asked first, so in wall-clock order it sends first.
        World.ScheduleTellOnce(Ns(1), younger, new SendTo(recorder, SimTime.Zero, "from younger"), null);
        World.ScheduleTellOnce(Ns(1), older, new SendTo(recorder, SimTime.Zero, "from older"), null);
        Run();

        probe.ExpectMsg(new Arrived("from older", Ns(1)));
        probe.ExpectMsg(new Arrived("from younger", Ns(1)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_send_made_earlier_in_virtual_time_does_not_overtake_an_older_actors_send_arriving_at_the_same_instant()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var older = Spawn(Props.Create<Sender>(), "older");
        var younger = Spawn(Props.Create<Sender>(), "younger");

        // younger sends at 0 ns with 5 ns of delay, older at 2 ns with 3 ns: both arrive at 5 ns.
        younger.Tell(new SendTo(recorder, Ns(5), "sent at 0 ns"));
        World.ScheduleTellOnce(Ns(2), older, new SendTo(recorder, Ns(3), "sent at 2 ns"), null);
        Run();

        probe.ExpectMsg(new Arrived("sent at 2 ns", Ns(5)));
        probe.ExpectMsg(new Arrived("sent at 0 ns", Ns(5)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void One_senders_messages_arriving_at_one_instant_are_delivered_in_send_order()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var sender = Spawn(Props.Create<Sender>(), "sender");
        var payloads = Enumerable.Range(0, 32).Select(i => $"m{i}").ToArray();

        sender.Tell(new SendTo(recorder, Ns(1), payloads));
        Run();

        foreach (var payload in payloads) probe.ExpectMsg(new Arrived(payload, Ns(1)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Messages_told_from_outside_are_delivered_in_the_order_they_were_told()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        for (var i = 0; i < 32; i++) recorder.Tell($"m{i}");
        Run();

        for (var i = 0; i < 32; i++) probe.ExpectMsg(new Arrived($"m{i}", SimTime.Zero));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Delays_at_picosecond_resolution_arrive_in_time_order_at_exactly_their_virtual_time()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var sender = Spawn(Props.Create<Sender>(), "sender");
        sender.Tell(new SendTo(recorder, Ps(226), "226 ps"));
        sender.Tell(new SendTo(recorder, Ps(10), "10 ps"));
        sender.Tell(new SendTo(recorder, Ps(236), "236 ps"));

        RunUntil(Ps(9));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Ps(10));
        probe.ExpectMsg(new Arrived("10 ps", Ps(10)));
        Assert.Equal(Ps(10), World.Now);

        RunUntil(Ps(225));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Ps(226));
        probe.ExpectMsg(new Arrived("226 ps", Ps(226)));

        RunUntil(Ps(235));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Ps(236));
        probe.ExpectMsg(new Arrived("236 ps", Ps(236)));

        Run();
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ps(236), World.Now);
    }

    [Fact]
    public void A_picosecond_delay_to_a_probe_reaches_it_only_when_the_driver_reaches_that_picosecond()
    {
        var probe = CreateTestProbe();
        var sender = Spawn(Props.Create<Sender>(), "sender");
        sender.Tell(new SendTo(probe, Ps(10), "after 10 ps"));
        sender.Tell(new SendTo(probe, Ps(236), "after 236 ps"));

        RunUntil(Ps(9));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Ps(10));
        probe.ExpectMsg("after 10 ps");
        RunUntil(Ps(235));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Ps(236));
        probe.ExpectMsg("after 236 ps");
    }
}
