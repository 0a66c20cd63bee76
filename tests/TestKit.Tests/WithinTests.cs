using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using Xunit.Sdk;

namespace ActorMigration.TestKit.Tests;

/// <summary>Within(min, max): the block's virtual duration is checked, and expectations inside default to the time left.</summary>
public sealed class WithinTests : TestKitBase
{
    private static readonly SimTime Us = SimTime.FromMicroseconds(1);

    private IActorRef NewEcho() => Sys.ActorOf(Props.Create<Echo>(), "echo");

    [Fact]
    public void A_block_that_takes_between_min_and_max_passes_and_returns_its_result()
    {
        NewEcho().Tell(new Say("hi", Us * 5));
        var got = Within(Us * 4, Us * 6, () => ExpectMsg<string>());
        Assert.Equal("hi", got);
    }

    [Fact]
    public void A_block_that_finishes_before_min_fails()
    {
        NewEcho().Tell(new Say("hi", Us * 2));
        var error = Assert.Throws<FailException>(() => Within(Us * 4, Us * 6, () => { ExpectMsg("hi"); }));
        Assert.Contains("Within(4us, 6us): the block finished after only 2us", error.Message);
    }

    [Fact]
    public void A_block_that_takes_longer_than_max_fails()
    {
        var error = Assert.Throws<FailException>(() => Within(Us * 6, () => ExpectNoMsg(Us * 7)));
        Assert.Contains("Within(0ps, 6us): the block took 7us", error.Message);
    }

    [Fact]
    public void Expectations_inside_default_to_the_time_left_before_max()
    {
        NewEcho().Tell(new Say("too late", Us * 8));
        Within(Us * 6, () =>
        {
            ExpectNoMsg(Us * 2);
            Assert.Equal(Us * 4, TestActor.RemainingOrDefault);
            var error = Assert.Throws<FailException>(() => ExpectMsg<string>());
            Assert.Contains("no message by 6us", error.Message);
        });
        Assert.Equal(TestKitBase.DefaultTimeout, TestActor.RemainingOrDefault);
    }

    [Fact]
    public void A_nested_block_cannot_outlast_its_enclosing_one()
    {
        NewEcho().Tell(new Say("at 5", Us * 5));
        Within(Us * 4, () =>
        {
            Within(Us * 10, () =>
            {
                Assert.Equal(Us * 4, TestActor.RemainingOrDefault);
                Assert.Throws<FailException>(() => ExpectMsg<string>());
            });
        });
        Assert.Equal(Us * 4, Sys.Now);
    }

    [Fact]
    public void Within_of_a_probe_applies_to_that_probe_only()
    {
        var probe = CreateTestProbe();
        probe.Within(Us * 2, () => Assert.Equal(TestKitBase.DefaultTimeout, TestActor.RemainingOrDefault));
    }
}
