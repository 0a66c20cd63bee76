using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.TestKit.Tests;

/// <summary>Probes as actors: Send, Reply, Forward, several probes, use wherever an IActorRef is expected.</summary>
public sealed class ProbeTests : TestKitBase
{
    private sealed record Hello(string From);

    /// <summary>Watches what it is told to, reports Terminated to its sender of the watch.</summary>
    private sealed class Watcher : ReceiveActor
    {
        private IActorRef? _report;

        public Watcher()
        {
            Receive<IActorRef>(subject =>
            {
                _report = Sender;
                Context.Watch(subject);
            });
            Receive<Terminated>(t => _report!.Tell(t));
        }
    }

    [Fact]
    public void Probes_get_their_own_names_and_queues()
    {
        var a = CreateTestProbe();
        var b = CreateTestProbe("bee");
        Assert.Equal("/system/testProbe1", a.Path.ToStringWithoutAddress());
        Assert.Equal("/system/bee", b.Path.ToStringWithoutAddress());
        a.Tell("for a", null);
        b.ExpectNoMsg(SimTime.FromMicroseconds(1));
        a.ExpectMsg("for a");
    }

    [Fact]
    public void Send_Reply_and_Forward()
    {
        var alice = CreateTestProbe("alice");
        var bob = CreateTestProbe("bob");
        alice.Send(bob.Ref, new Hello("alice"));
        bob.ExpectMsg(new Hello("alice"));
        Assert.Equal(alice.Ref, bob.LastSender);
        bob.Reply(new Hello("bob"));
        alice.ExpectMsgFrom<Hello>(bob.Ref);
        alice.Forward(TestActor.Ref, "passed on"); // keeps alice's last sender, bob
        ExpectMsg("passed on");
        Assert.Equal(bob.Ref, LastSender);
    }

    [Fact]
    public void Reply_before_any_message_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => CreateTestProbe().Reply("nobody"));
    }

    [Fact]
    public void A_probe_can_be_used_wherever_an_actor_reference_is_expected()
    {
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create<Watcher>(), "watcher");
        watcher.Tell(probe);                                   // an actor watches the probe itself
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(2), probe, "scheduled", null);
        probe.ExpectMsg("scheduled");
        Sys.Stop(probe);
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(probe));
    }

    [Fact]
    public void Telling_a_probe_from_the_test_has_the_test_actor_as_implicit_sender_like_its_Ref()
    {
        var probe = CreateTestProbe();
        probe.Tell("via the probe");
        probe.Ref.Tell("via its ref");
        probe.ExpectMsg("via the probe");
        Assert.Equal(TestActor.Ref, probe.LastSender);
        probe.ExpectMsg("via its ref");
        Assert.Equal(TestActor.Ref, probe.LastSender);
    }

    [Fact]
    public void A_probe_subscribed_to_the_event_stream_is_unsubscribed_when_it_stops()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(string));
        Sys.Stop(probe);
        Sys.Run();
        Assert.False(Sys.EventStream.HasSubscribers(typeof(string)));
    }

    [Fact]
    public void Probes_in_a_system_of_their_own()
    {
        using var sys = ActorSystem.Create("own", 9);
        var probe = new TestProbe(sys, "p", SimTime.FromMicroseconds(5));
        var echo = sys.ActorOf(Props.Create<Echo>(), "echo");
        probe.Send(echo, new Say("back", SimTime.FromMicroseconds(4)));
        probe.ExpectMsg("back");
        var error = Assert.Throws<Xunit.Sdk.FailException>(() => probe.ExpectMsg<string>());
        Assert.Contains("no message by 9us", error.Message);
    }
}
