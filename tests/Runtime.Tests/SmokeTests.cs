using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

public sealed class SmokeTests : TestKitBase
{
    private sealed record Ping(int N);

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<Ping>(p => Sender.Tell(p));
    }

    private sealed class Slow : ReceiveActor
    {
        public Slow() => Receive<Ping>(p => { Context.Occupy(SimTime.FromMicroseconds(10)); Sender.Tell(p); });
    }

    [Fact]
    public void Echo_replies_to_the_test_actor()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");
        echo.Tell(new Ping(1));
        Assert.Equal(new Ping(1), ExpectMsg<Ping>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void A_busy_actor_queues_messages_in_virtual_time()
    {
        var slow = Sys.ActorOf(Props.Create<Slow>(), "slow");
        slow.Tell(new Ping(1));
        slow.Tell(new Ping(2));
        ExpectMsg<Ping>(p => p.N == 1);
        Assert.Equal(SimTime.Zero, Sys.Now);
        ExpectMsg<Ping>(p => p.N == 2);
        Assert.Equal(SimTime.FromMicroseconds(10), Sys.Now);
    }
}
