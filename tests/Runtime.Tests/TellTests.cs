using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>Tell, the implicit and explicit sender, Forward, and Sender when there is none.</summary>
public sealed class TellTests : TestKitBase
{
    private sealed record Ping(int N);
    private sealed record Pong(int N);
    private sealed record Via(IActorRef Next, object Message);
    private sealed record WhoSent;

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<Ping>(p => Sender.Tell(new Pong(p.N)));
    }

    /// <summary>Passes <see cref="Via.Message"/> on, either as itself (Tell) or keeping the original sender (Forward).</summary>
    private sealed class Relay : ReceiveActor
    {
        public Relay(bool forward) => Receive<Via>(v =>
        {
            if (forward) v.Next.Forward(v.Message);
            else v.Next.Tell(v.Message);
        });
    }

    /// <summary>Reports the sender it sees (dead letters when there is none).</summary>
    private sealed class SenderReporter : ReceiveActor
    {
        public SenderReporter(IActorRef report) => ReceiveAny(_ => report.Tell(Sender, Self));
    }

    /// <summary>Greets <c>target</c> from PreStart with the implicit sender.</summary>
    private sealed class GreetOnStart(IActorRef target) : ActorBase
    {
        protected internal override void PreStart() => target.Tell(new Ping(0));

        protected internal override bool Receive(object message)
        {
            if (message is not Pong) return false;
            target.Tell(message);
            return true;
        }
    }

    [Fact]
    public void Tell_from_the_test_has_the_test_actor_as_implicit_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        echo.Tell(new Ping(7));
        ExpectMsgFrom<Pong>(echo, p => p.N == 7);
        Assert.Equal(SimTime.Zero, Sys.Now);
    }

    [Fact]
    public void Tell_with_an_explicit_sender_sends_the_reply_there()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var probe = CreateTestProbe();
        echo.Tell(new Ping(1), probe.Ref);
        probe.ExpectMsg<Pong>(p => p.N == 1);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Tell_with_no_sender_replies_go_to_dead_letters()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var reporter = Sys.ActorOf(Props.Create(() => new SenderReporter(TestActor.Ref)), "reporter");
        reporter.Tell("anything", null);
        Assert.Equal(Sys.DeadLetters, ExpectMsg<IActorRef>());
        var before = Sys.DeadLetterCount;
        echo.Tell(new Ping(1), null);
        Sys.Run();
        Assert.Equal(before + 1, Sys.DeadLetterCount);
    }

    [Fact]
    public void Inside_an_actor_the_implicit_sender_is_that_actor()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var relay = Sys.ActorOf(Props.Create(() => new Relay(false)), "relay");
        var reporter = Sys.ActorOf(Props.Create(() => new SenderReporter(TestActor.Ref)), "reporter");
        relay.Tell(new Via(reporter, new WhoSent()));
        Assert.Equal(relay, ExpectMsg<IActorRef>());
        relay.Tell(new Via(echo, new Ping(3)));
        Sys.Run();
        ExpectNoMsg(SimTime.FromMilliseconds(1)); // the Pong went to the relay, which ignores it
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var relay = Sys.ActorOf(Props.Create(() => new Relay(true)), "relay");
        var probe = CreateTestProbe();
        relay.Tell(new Via(echo, new Ping(4)), probe.Ref);
        probe.ExpectMsgFrom<Pong>(echo, p => p.N == 4);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void The_implicit_sender_inside_PreStart_is_the_new_actor_even_when_created_from_the_test()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var probe = CreateTestProbe();
        // PreStart runs synchronously inside ActorOf, outside any Run: its sends must still come from the new actor.
        Sys.ActorOf(Props.Create(() => new GreetOnStart(probe.Ref)), "greeter");
        var greeting = probe.ExpectMsg<Ping>();
        Assert.Equal("/user/greeter", probe.LastSender!.Path.ToStringWithoutAddress());
        Assert.Equal(0, greeting.N);

        Sys.ActorOf(Props.Create(() => new GreetOnStart(echo)), "greeter2");
        Sys.Run();
        ExpectNoMsg(SimTime.FromMilliseconds(1)); // the Pong went back to greeter2, not to the test actor
    }

    [Fact]
    public void Tell_rejects_a_null_message()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        Assert.Throws<ArgumentNullException>(() => echo.Tell(null!, null));
    }

    [Fact]
    public void ScheduleTellOnce_delivers_after_the_delay_with_the_given_sender()
    {
        var probe = CreateTestProbe();
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(5), probe.Ref, new Ping(9), TestActor.Ref);
        probe.ExpectMsg<Ping>(p => p.N == 9);
        Assert.Equal(SimTime.FromMicroseconds(5), Sys.Now);
        Assert.Equal(TestActor.Ref, probe.LastSender);
        Assert.Throws<ArgumentOutOfRangeException>(() => Sys.Scheduler.ScheduleTellOnce(SimTime.FromPicoseconds(-1), probe.Ref, new Ping(0), null));
        using var other = ActorSystem.Create("other");
        var foreign = other.ActorOf(Props.Create<Echo>(), "echo");
        Assert.Throws<ArgumentException>(() => Sys.Scheduler.ScheduleTellOnce(SimTime.Zero, foreign, new Ping(0), null));
    }
}
