using ActorMigration.Contracts.Units;

namespace ActorMigration.TestKit.Tests;

/// <summary>IgnoreMessages drops matching messages before any expectation sees them.</summary>
public sealed class IgnoreMessagesTests : TestKitBase
{
    private sealed record Heartbeat(int N);

    [Fact]
    public void Ignored_messages_never_reach_an_expectation()
    {
        IgnoreMessages(m => m is Heartbeat);
        TestActor.Tell(new Heartbeat(1), null);
        TestActor.Tell("real", null);
        TestActor.Tell(new Heartbeat(2), null);
        ExpectMsg("real");
        ExpectNoMsg(SimTime.FromMicroseconds(1));
    }

    [Fact]
    public void IgnoreMessages_of_a_type_with_a_predicate()
    {
        IgnoreMessages<Heartbeat>(h => h.N % 2 == 0);
        for (var i = 1; i <= 4; i++) TestActor.Tell(new Heartbeat(i), null);
        Assert.Equal([new Heartbeat(1), new Heartbeat(3)], ReceiveN(2));
        ExpectNoMsg(SimTime.FromMicroseconds(1));
    }

    [Fact]
    public void IgnoreMessages_of_a_type()
    {
        IgnoreMessages<Heartbeat>();
        TestActor.Tell(new Heartbeat(1), null);
        TestActor.Tell(7, null);
        ExpectMsg(7);
    }

    [Fact]
    public void IgnoreNoMessages_lets_everything_through_again()
    {
        IgnoreMessages<Heartbeat>();
        TestActor.Tell(new Heartbeat(1), null);
        ExpectNoMsg(SimTime.FromMicroseconds(1));
        TestActor.IgnoreNoMessages();
        TestActor.Tell(new Heartbeat(2), null);
        ExpectMsg(new Heartbeat(2));
    }

    [Fact]
    public void Ignored_messages_are_not_listed_in_a_failure_report()
    {
        IgnoreMessages<Heartbeat>();
        TestActor.Tell(new Heartbeat(1), null);
        var error = Assert.Throws<Xunit.Sdk.FailException>(() => ExpectMsg<string>(within: SimTime.FromMicroseconds(1)));
        Assert.Contains("The probe received nothing.", error.Message);
    }

    [Fact]
    public void A_later_IgnoreMessages_replaces_the_earlier_one()
    {
        IgnoreMessages<Heartbeat>();
        IgnoreMessages<string>();
        TestActor.Tell("dropped", null);
        TestActor.Tell(new Heartbeat(1), null);
        ExpectMsg(new Heartbeat(1));
    }
}
