using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>Akka actors in virtual time: delays, busy actors, Akka timers and the clock, checked with Akka's probes.</summary>
public sealed class VirtualTimeTests : SimulationTestKit
{
    private sealed record Ping(int N);

    /// <summary>Answers each ping after working on it for 10 us.</summary>
    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<Ping>(p =>
        {
            Context.Occupy(SimTime.FromMicroseconds(10));
            Context.ScheduleTellOnce(SimTime.FromMicroseconds(10), Sender, p);
        });
    }

    [Fact]
    public void A_busy_actor_makes_later_messages_wait_in_its_mailbox()
    {
        var probe = CreateTestProbe();
        var echo = Spawn(Props.Create<Echo>(), "echo");
        echo.Tell(new Ping(1), probe);
        echo.Tell(new Ping(2), probe);
        RunUntil(SimTime.FromMicroseconds(10));
        probe.ExpectMsg<Ping>(p => p.N == 1);
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(SimTime.FromMicroseconds(20));
        probe.ExpectMsg<Ping>(p => p.N == 2);
        Run();
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(SimTime.FromMicroseconds(20), World.Now);
    }

    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public Ticker(IActorRef probe)
        {
            Receive<string>(s => s == "start", _ => Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromMilliseconds(1)));
            Receive<string>(s => s == "tick", _ =>
            {
                probe.Tell(Context.Now());
                if (Context.Now() >= SimTime.FromMilliseconds(3)) Timers.Cancel("tick");
            });
        }
    }

    [Fact]
    public void Akka_timers_fire_in_virtual_time_and_stop_when_cancelled()
    {
        var probe = CreateTestProbe();
        var ticker = Spawn(Props.Create(() => new Ticker(probe)), "ticker");
        ticker.Tell("start");
        Run();
        probe.ExpectMsg(SimTime.FromMilliseconds(1));
        probe.ExpectMsg(SimTime.FromMilliseconds(2));
        probe.ExpectMsg(SimTime.FromMilliseconds(3));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Null(World.NextEventTime);
    }

    [Fact]
    public void DeathWatch_reports_a_stop_at_the_virtual_time_it_happened()
    {
        var probe = CreateTestProbe();
        var echo = Spawn(Props.Create<Echo>(), "echo");
        probe.Watch(echo);
        World.ScheduleTellOnce(SimTime.FromNanoseconds(1_500), echo, PoisonPill.Instance, null);
        Run();
        probe.ExpectTerminated(echo);
        Assert.Equal(SimTime.FromNanoseconds(1_500), World.Now);
    }
}
