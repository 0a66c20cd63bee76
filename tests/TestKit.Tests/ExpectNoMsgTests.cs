using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using Xunit.Sdk;

namespace ActorMigration.TestKit.Tests;

/// <summary>ExpectNoMsg waits in virtual time: it advances the clock, and fails on anything that arrives meanwhile.</summary>
public sealed class ExpectNoMsgTests : TestKitBase
{
    private static readonly SimTime Us = SimTime.FromMicroseconds(1);

    [Fact]
    public void ExpectNoMsg_advances_virtual_time_by_its_duration()
    {
        ExpectNoMsg(Us * 250);
        Assert.Equal(Us * 250, Sys.Now);
        ExpectNoMsg(Us * 250);
        Assert.Equal(Us * 500, Sys.Now);
    }

    [Fact]
    public void ExpectNoMsg_without_duration_waits_the_default_timeout()
    {
        ExpectNoMsg();
        Assert.Equal(TestKitBase.DefaultTimeout, Sys.Now);
    }

    [Fact]
    public void ExpectNoMsg_runs_the_system_meanwhile()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        var other = CreateTestProbe();
        echo.Tell(new Say("for the other", Us * 5), other.Ref);
        ExpectNoMsg(Us * 10);
        other.ExpectMsg("for the other");
        Assert.Equal(Us * 10, Sys.Now); // it had arrived during ExpectNoMsg
    }

    [Fact]
    public void ExpectNoMsg_fails_on_a_message_within_its_duration_including_at_its_end()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        echo.Tell(new Say("boo", Us * 10));
        var error = Assert.Throws<FailException>(() => ExpectNoMsg(Us * 10));
        Assert.Contains("ExpectNoMsg until 10us: received boo at 10us", error.Message);
        Assert.Contains("(queued) [10us] boo from /user/echo", error.Message);
        ExpectMsg("boo"); // the offending message stays queued
    }

    [Fact]
    public void ExpectNoMsg_leaves_a_later_message_for_the_next_expectation()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        echo.Tell(new Say("later", Us * 11));
        ExpectNoMsg(Us * 10);
        ExpectMsg("later");
        Assert.Equal(Us * 11, Sys.Now);
    }

    [Fact]
    public void ExpectNoMsg_fails_at_once_when_a_message_is_already_queued()
    {
        TestActor.Tell("already here", null);
        Sys.Run();
        Assert.Throws<FailException>(() => ExpectNoMsg(Us));
        Assert.Equal(SimTime.Zero, Sys.Now);
    }
}
