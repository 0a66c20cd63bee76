using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using Xunit.Sdk;

namespace ActorMigration.TestKit.Tests;

/// <summary>ReceiveWhile, ReceiveN and FishForMessage.</summary>
public sealed class ReceiveTests : TestKitBase
{
    private static readonly SimTime Us = SimTime.FromMicroseconds(1);

    private void SendToTestActor(params object[] messages)
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        for (var i = 0; i < messages.Length; i++) echo.Tell(new Say(messages[i], Us * (i + 1)));
    }

    [Fact]
    public void ReceiveWhile_takes_while_the_filter_accepts_and_leaves_the_rejected_message_queued()
    {
        SendToTestActor("a", "b", 3, "c");
        var taken = ReceiveWhile(m => m as string);
        Assert.Equal(["a", "b"], taken);
        Assert.Equal(1, TestActor.QueuedCount);
        Assert.Equal(3, ExpectMsg<int>());
        ExpectMsg("c");
    }

    [Fact]
    public void ReceiveWhile_stops_at_maxMessages()
    {
        SendToTestActor("a", "b", "c");
        Assert.Equal(["a", "b"], ReceiveWhile(m => m as string, maxMessages: 2));
        ExpectMsg("c");
    }

    [Fact]
    public void ReceiveWhile_stops_at_max_time_and_returns_what_it_took()
    {
        SendToTestActor("a", "b", "c");
        Assert.Equal(["a", "b"], ReceiveWhile(m => m as string, max: Us * 2));
        Assert.Equal(Us * 2, Sys.Now);
        ExpectMsg("c");
    }

    [Fact]
    public void ReceiveN_takes_exactly_n_messages_in_order()
    {
        SendToTestActor("a", 2, "c");
        Assert.Equal(["a", 2, "c"], ReceiveN(3));
        Assert.Equal(Us * 3, Sys.Now);
    }

    [Fact]
    public void ReceiveN_fails_when_fewer_arrive_in_time()
    {
        SendToTestActor("a", "b");
        var error = Assert.Throws<FailException>(() => ReceiveN(3, Us * 10));
        Assert.Contains("ReceiveN(3) after 2: no message by 10us", error.Message);
    }

    [Fact]
    public void FishForMessage_skips_until_a_match()
    {
        SendToTestActor("a", 1, "b", 2);
        Assert.Equal(2, FishForMessage<int>(n => n > 1));
        Assert.Equal(0, TestActor.QueuedCount);
        SendToTestActorAgain("x");
        Assert.Equal("x", FishForMessage(m => m is string));
    }

    private void SendToTestActorAgain(object message) => TestActor.Tell(message, null);

    [Fact]
    public void FishForMessage_fails_when_nothing_matches_in_time()
    {
        SendToTestActor("a", "b");
        var error = Assert.Throws<FailException>(() => FishForMessage<int>(_ => true, Us * 5, hint: "a number"));
        Assert.Contains("FishForMessage<Int32> (a number): no message by 5us", error.Message);
        Assert.Contains("[1us] a from /user/echo", error.Message);
        Assert.Contains("[2us] b from /user/echo", error.Message);
    }
}
