using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>Akka <c>Timers</c> (<c>IWithTimers</c>) in virtual time: single and periodic timers fire at exactly their virtual
/// time, a cancelled or replaced timer never fires, and a cancelled timer neither moves the clock nor keeps the world busy.</summary>
public sealed class TimerTests : SimulationTestKit
{
    private static SimTime Ms(long ms) => SimTime.FromMilliseconds(ms);

    private sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    private sealed record StartPeriodic(string Key, string Message, TimeSpan InitialDelay, TimeSpan Interval, int Times);

    private sealed record CancelTimer(string Key);

    /// <summary>Starts and cancels timers as asked; reports each timer message with its virtual time, and cancels a periodic
    /// timer after the number of ticks it was started for.</summary>
    private sealed class TimerUser : UntypedActor, IWithTimers
    {
        private readonly IActorRef _probe;
        private readonly Dictionary<string, int> _ticksLeft = [];

        public TimerUser(IActorRef probe) => _probe = probe;

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case StartSingle s:
                    Timers.StartSingleTimer(s.Key, s.Message, s.Delay);
                    break;
                case StartPeriodic p:
                    _ticksLeft[p.Message] = p.Times;
                    Timers.StartPeriodicTimer(p.Key, p.Message, p.InitialDelay, p.Interval);
                    break;
                case CancelTimer c:
                    Timers.Cancel(c.Key);
                    break;
                case string fired:
                    _probe.Tell(new Arrived(fired, Context.Now()));
                    if (_ticksLeft.TryGetValue(fired, out var left) && --_ticksLeft[fired] == 0)
                        Timers.Cancel(fired);
                    break;
            }
        }
    }

    private IActorRef SpawnTimerUser(IActorRef probe) => Spawn(Props.Create(() => new TimerUser(probe)), "timers");

    [Fact]
    public void A_single_timer_fires_once_at_its_virtual_time()
    {
        var probe = CreateTestProbe();
        var user = SpawnTimerUser(probe);
        World.ScheduleTellOnce(Ms(1), user, new StartSingle("k", "fire", TimeSpan.FromMilliseconds(5)), null);

        RunUntil(Ms(6) - SimTime.FromPicoseconds(1));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Run();
        probe.ExpectMsg(new Arrived("fire", Ms(6)));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ms(6), World.Now);
        Assert.Null(World.NextEventTime);
    }

    [Fact]
    public void A_periodic_timer_fires_after_its_initial_delay_then_every_interval_until_cancelled()
    {
        var probe = CreateTestProbe();
        var user = SpawnTimerUser(probe);
        user.Tell(new StartPeriodic("tick", "tick", TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(1), Times: 3));
        Run();

        probe.ExpectMsg(new Arrived("tick", Ms(2)));
        probe.ExpectMsg(new Arrived("tick", Ms(3)));
        probe.ExpectMsg(new Arrived("tick", Ms(4)));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Null(World.NextEventTime);
        Assert.Equal(Ms(4), World.Now);
    }

    [Fact]
    public void A_cancelled_single_timer_never_fires_and_does_not_move_the_clock()
    {
        var probe = CreateTestProbe();
        var user = SpawnTimerUser(probe);
        user.Tell(new StartSingle("k", "fire", TimeSpan.FromMilliseconds(5)));
        World.ScheduleTellOnce(Ms(1), user, new CancelTimer("k"), null);
        Run();

        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ms(1), World.Now);
        Assert.Null(World.NextEventTime);
    }

    [Fact]
    public void Starting_a_timer_again_with_the_same_key_replaces_the_pending_one()
    {
        var probe = CreateTestProbe();
        var user = SpawnTimerUser(probe);
        user.Tell(new StartSingle("k", "replaced", TimeSpan.FromMilliseconds(5)));
        World.ScheduleTellOnce(Ms(1), user, new StartSingle("k", "replacement", TimeSpan.FromMilliseconds(5)), null);
        Run();

        probe.ExpectMsg(new Arrived("replacement", Ms(6)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Timers_with_different_keys_fire_independently_in_time_order()
    {
        var probe = CreateTestProbe();
        var user = SpawnTimerUser(probe);
        user.Tell(new StartSingle("late", "at 3 ms", TimeSpan.FromMilliseconds(3)));
        user.Tell(new StartSingle("early", "at 2 ms", TimeSpan.FromMilliseconds(2)));
        user.Tell(new StartPeriodic("tick", "tick", TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), Times: 3));
        Run();

        probe.ExpectMsg(new Arrived("tick", Ms(1)));
        // Both due at 2 ms: the single timer was booked at 0 ms, the periodic timer booked its second tick only at 1 ms.
        probe.ExpectMsg(new Arrived("at 2 ms", Ms(2)));
        probe.ExpectMsg(new Arrived("tick", Ms(2)));
        probe.ExpectMsg(new Arrived("at 3 ms", Ms(3)));
        probe.ExpectMsg(new Arrived("tick", Ms(3)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }
}
