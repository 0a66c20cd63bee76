using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

// These tests use Akka's scheduler on purpose: it is what they check.
#pragma warning disable AK1004

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>Akka's scheduler as seen from a simulation actor (<c>Context.System.Scheduler</c>, <c>TimeSpan</c> delays): it
/// counts virtual time, and its cancelables cancel in virtual time.</summary>
public sealed class SchedulerTests : SimulationTestKit
{
    private static SimTime Us(long us) => SimTime.FromMicroseconds(us);

    private sealed record TellLater(IActorRef Target, string Message, TimeSpan Delay);

    private sealed record TellLaterCancelled(IActorRef Target, string Message, TimeSpan Delay, TimeSpan CancelAfter);

    private sealed record TellEvery(IActorRef Target, string Message, TimeSpan Interval, int Times);

    private sealed record Cancel(ICancelable Cancelable);

    private sealed record Tick(IActorRef Target, string Message);

    private sealed record Clocks(TimeSpan Monotonic, DateTimeOffset Now, SimTime Virtual);

    /// <summary>Schedules tells through Akka's scheduler as asked, and reports what Akka's clocks read.</summary>
    private sealed class Scheduling : UntypedActor
    {
        private readonly IActorRef _probe;
        private ICancelable? _repeating;
        private int _repeatsLeft;

        public Scheduling(IActorRef probe) => _probe = probe;

        protected override void OnReceive(object message)
        {
            var scheduler = Context.System.Scheduler;
            switch (message)
            {
                case TellLater t:
                    scheduler.ScheduleTellOnce(t.Delay, t.Target, t.Message, Self);
                    break;
                case TellLaterCancelled t:
                    var cancelable = scheduler.ScheduleTellOnceCancelable(t.Delay, t.Target, t.Message, Self);
                    scheduler.ScheduleTellOnce(t.CancelAfter, Self, new Cancel(cancelable), Self);
                    break;
                case Cancel c:
                    c.Cancelable.Cancel();
                    break;
                case TellEvery e:
                    _repeatsLeft = e.Times;
                    _repeating = scheduler.ScheduleTellRepeatedlyCancelable(e.Interval, e.Interval, Self, new Tick(e.Target, e.Message), Self);
                    break;
                case Tick tick:
                    tick.Target.Tell(tick.Message);
                    if (--_repeatsLeft == 0) _repeating!.Cancel();
                    break;
                case "clocks":
                    _probe.Tell(new Clocks(scheduler.MonotonicClock, scheduler.Now, Context.Now()));
                    break;
            }
        }
    }

    [Fact]
    public void ScheduleTellOnce_with_a_TimeSpan_arrives_after_that_much_virtual_time()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var scheduling = Spawn(Props.Create(() => new Scheduling(probe)), "scheduling");
        World.ScheduleTellOnce(Us(3), scheduling, new TellLater(recorder, "7 us later", TimeSpan.FromMicroseconds(7)), null);

        RunUntil(Us(10) - SimTime.FromPicoseconds(1));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Us(10));
        probe.ExpectMsg(new Arrived("7 us later", Us(10)));
        Run();
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void ScheduleTellOnce_with_a_TimeSpan_to_a_probe_reaches_it_at_that_virtual_time()
    {
        var probe = CreateTestProbe();
        var scheduling = Spawn(Props.Create(() => new Scheduling(probe)), "scheduling");
        scheduling.Tell(new TellLater(probe, "one tick later", TimeSpan.FromTicks(1)));

        RunUntil(SimTime.FromNanoseconds(99));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(SimTime.FromNanoseconds(100));
        probe.ExpectMsg("one tick later");
    }

    [Fact]
    public void A_cancelled_scheduled_tell_never_arrives_and_does_not_move_the_clock()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var scheduling = Spawn(Props.Create(() => new Scheduling(probe)), "scheduling");
        scheduling.Tell(new TellLaterCancelled(recorder, "cancelled", TimeSpan.FromMilliseconds(5), CancelAfter: TimeSpan.FromMilliseconds(1)));
        Run();

        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(SimTime.FromMilliseconds(1), World.Now);
    }

    [Fact]
    public void A_repeated_tell_fires_every_interval_until_cancelled()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var scheduling = Spawn(Props.Create(() => new Scheduling(probe)), "scheduling");
        scheduling.Tell(new TellEvery(recorder, "tick", TimeSpan.FromMicroseconds(2), Times: 3));
        Run();

        probe.ExpectMsg(new Arrived("tick", Us(2)));
        probe.ExpectMsg(new Arrived("tick", Us(4)));
        probe.ExpectMsg(new Arrived("tick", Us(6)));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Null(World.NextEventTime);
    }

    [Fact]
    public void Akkas_clocks_read_virtual_time()
    {
        var probe = CreateTestProbe();
        var scheduling = Spawn(Props.Create(() => new Scheduling(probe)), "scheduling");
        World.ScheduleTellOnce(SimTime.FromMilliseconds(1500), scheduling, "clocks", null);
        Run();

        var clocks = probe.ExpectMsg<Clocks>();
        Assert.Equal(SimTime.FromMilliseconds(1500), clocks.Virtual);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), clocks.Monotonic);
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 1, 500, TimeSpan.Zero), clocks.Now);
    }

    /// <summary>Answers whatever it gets to its sender.</summary>
    private sealed class Replier : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    [Fact]
    public void A_tell_scheduled_from_outside_without_a_sender_has_Akkas_no_sender_and_a_reply_goes_to_dead_letters()
    {
        var replier = Spawn(Props.Create<Replier>(), "replier");
        var probe = CreateTestProbe();
        probe.Watch(replier);
        World.ScheduleTellOnce(SimTime.FromNanoseconds(1), replier, "no sender", null);
        World.ScheduleTellOnce(SimTime.FromNanoseconds(2), replier, PoisonPill.Instance, null);
        World.ScheduleTellOnce(SimTime.FromNanoseconds(3), replier, "after its stop", null);

        Run();

        probe.ExpectTerminated(replier);
        Assert.Equal(SimTime.FromNanoseconds(3), World.Now);
    }
}
