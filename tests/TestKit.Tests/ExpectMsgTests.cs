using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using Xunit.Sdk;

namespace ActorMigration.TestKit.Tests;

/// <summary>ExpectMsg, ExpectMsgFrom, ExpectTerminated: what they return, when they fail, how time moves.</summary>
public sealed class ExpectMsgTests : TestKitBase
{
    private static readonly SimTime Us = SimTime.FromMicroseconds(1);
    private sealed record Ping(int N);

    private IActorRef NewEcho() => Sys.ActorOf(Props.Create<Echo>(), "echo");

    [Fact]
    public void Each_test_gets_a_fresh_system_at_time_zero_with_the_test_actor_as_implicit_sender()
    {
        Assert.Equal(SimTime.Zero, Sys.Now);
        Assert.Equal(0, Sys.DeliveredCount);
        Assert.Equal("test", Sys.Name);
        Assert.Equal("/system/testActor", TestActor.Path.ToStringWithoutAddress());
        Assert.Equal(TestActor.Ref, Sys.ExternalSender);
        Assert.Equal(SimTime.FromSeconds(3), TestKitBase.DefaultTimeout);
    }

    [Fact]
    public void ExpectMsg_returns_the_next_message_and_moves_time_only_to_its_arrival()
    {
        var echo = NewEcho();
        echo.Tell(new Say(new Ping(1), Us * 4));
        Assert.Equal(new Ping(1), ExpectMsg<Ping>());
        Assert.Equal(Us * 4, Sys.Now);
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void ExpectMsg_with_a_predicate_or_a_value()
    {
        var echo = NewEcho();
        echo.Tell(new Say(new Ping(2)));
        echo.Tell(new Say(new Ping(3)));
        ExpectMsg<Ping>(p => p.N == 2);
        Assert.Equal(new Ping(3), ExpectMsg(new Ping(3)));
    }

    [Fact]
    public void ExpectMsg_fails_on_a_message_of_another_type()
    {
        NewEcho().Tell(new Say("text"));
        var error = Assert.Throws<FailException>(() => ExpectMsg<Ping>());
        Assert.Contains("ExpectMsg<Ping>: got [0ps] text from /user/echo", error.Message);
    }

    [Fact]
    public void ExpectMsg_fails_on_a_message_that_does_not_match_and_shows_the_hint()
    {
        NewEcho().Tell(new Say(new Ping(5)));
        var error = Assert.Throws<FailException>(() => ExpectMsg<Ping>(p => p.N == 6, hint: "the sixth ping"));
        Assert.Contains("ExpectMsg<Ping> (the sixth ping): got [0ps] Ping { N = 5 } from /user/echo, which does not match", error.Message);
    }

    [Fact]
    public void ExpectMsg_fails_when_nothing_comes_within_the_default_timeout_and_time_stands_at_the_deadline()
    {
        var error = Assert.Throws<FailException>(() => ExpectMsg<Ping>());
        Assert.Contains("ExpectMsg<Ping>: no message by 3s", error.Message);
        Assert.Contains("The probe received nothing.", error.Message);
        Assert.Equal(SimTime.FromSeconds(3), Sys.Now);
    }

    [Fact]
    public void ExpectMsg_within_accepts_a_message_at_the_deadline_but_not_after_it()
    {
        var echo = NewEcho();
        echo.Tell(new Say(new Ping(1), Us * 5));
        ExpectMsg<Ping>(within: Us * 5);

        echo.Tell(new Say(new Ping(2), Us * 5 + SimTime.FromPicoseconds(1)));
        var error = Assert.Throws<FailException>(() => ExpectMsg<Ping>(within: Us * 5));
        Assert.Contains("no message by 10us", error.Message);
        Assert.Equal(new Ping(2), ExpectMsg<Ping>()); // it still arrives later
    }

    [Fact]
    public void ExpectMsgFrom_checks_the_sender()
    {
        var echo = NewEcho();
        var other = CreateTestProbe();
        echo.Tell(new Say(new Ping(1)));
        ExpectMsgFrom<Ping>(echo);
        echo.Tell(new Say(new Ping(2)));
        var error = Assert.Throws<FailException>(() => ExpectMsgFrom<Ping>(other.Ref));
        Assert.Contains($"ExpectMsg<Ping> from {other.Path}: got [0ps] Ping {{ N = 2 }} from /user/echo, from another sender", error.Message);
    }

    [Fact]
    public void ExpectMsgFrom_accepts_a_probe_as_the_sender()
    {
        var probe = CreateTestProbe();
        probe.Send(TestActor.Ref, new Ping(1));
        ExpectMsgFrom<Ping>(probe);
        Assert.Equal(probe.Ref, LastSender);
        Assert.True(probe.Equals(LastSender));
        Assert.True(LastSender!.Equals(probe));
        Assert.Equal(probe.GetHashCode(), probe.Ref.GetHashCode());
    }

    [Fact]
    public void A_message_without_sender_has_no_LastSender()
    {
        TestActor.Tell("anonymous", null);
        ExpectMsg("anonymous");
        Assert.Null(LastSender);
    }

    [Fact]
    public void ExpectTerminated_waits_for_the_watched_actor_to_stop()
    {
        var echo = NewEcho();
        Watch(echo);
        Sys.Scheduler.ScheduleTellOnce(Us * 3, echo, PoisonPill.Instance, null);
        Assert.Equal(echo, ExpectTerminated(echo).ActorRef);
        Assert.Equal(Us * 3, Sys.Now);
    }

    [Fact]
    public void ExpectTerminated_works_for_a_probe_too()
    {
        var probe = CreateTestProbe();
        Watch(probe);
        Sys.Stop(probe);
        ExpectTerminated(probe);
    }

    [Fact]
    public void ExpectTerminated_fails_for_another_actor()
    {
        var a = NewEcho();
        var b = Sys.ActorOf(Props.Create<Echo>(), "b");
        Watch(a);
        Sys.Stop(a);
        var error = Assert.Throws<FailException>(() => ExpectTerminated(b));
        Assert.Contains("(Terminated of am://test@localhost:0/user/b)", error.Message);
    }

    [Fact]
    public void Unwatch_stops_Terminated()
    {
        var echo = NewEcho();
        Watch(echo);
        Unwatch(echo);
        Sys.Stop(echo);
        ExpectNoMsg(Us);
    }
}
