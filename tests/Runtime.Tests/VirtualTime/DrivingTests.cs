using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>Driving a world in windows: <c>RunUntil</c> runs what is due up to and at a time, <c>AdvanceTo</c> what is due
/// strictly before it, both leave the clock there; <c>NextEventTime</c> ignores cancelled timers; and how a run is cut into
/// windows does not change its trace.</summary>
public sealed class DrivingTests : SimulationTestKit
{
    private static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);

    private sealed record Arm(TimeSpan Delay, string Key);

    private sealed record Disarm(string Key);

    /// <summary>Arms and disarms Akka single timers; reports what fires.</summary>
    private sealed class Alarm : UntypedActor, IWithTimers
    {
        private readonly IActorRef _probe;

        public Alarm(IActorRef probe) => _probe = probe;

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Arm a:
                    Timers.StartSingleTimer(a.Key, a.Key, a.Delay);
                    break;
                case Disarm d:
                    Timers.Cancel(d.Key);
                    break;
                case string fired:
                    _probe.Tell(new Arrived(fired, Context.Now()));
                    break;
            }
        }
    }

    [Fact]
    public void RunUntil_runs_what_is_due_at_that_time_and_leaves_the_clock_there()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        World.ScheduleTellOnce(Ns(10), recorder, "at 10 ns", null);
        World.ScheduleTellOnce(Ns(20), recorder, "at 20 ns", null);

        Assert.True(RunUntil(Ns(10)) > 0);
        probe.ExpectMsg(new Arrived("at 10 ns", Ns(10)));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ns(10), World.Now);

        RunUntil(Ns(15));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ns(15), World.Now);
        Assert.Equal(Ns(20), World.NextEventTime);
    }

    [Fact]
    public void AdvanceTo_runs_only_what_is_due_strictly_before_the_window_end()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        World.ScheduleTellOnce(Ns(10), recorder, "at 10 ns", null);

        World.AdvanceTo(Ns(10));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ns(10), World.Now);
        Assert.Equal(Ns(10), World.NextEventTime);

        World.AdvanceTo(Ns(10) + SimTime.FromPicoseconds(1));
        probe.ExpectMsg(new Arrived("at 10 ns", Ns(10)));
        Assert.Null(World.NextEventTime);
    }

    [Fact]
    public void The_clock_cannot_be_driven_backwards()
    {
        var recorder = Spawn(Recorder.Props(CreateTestProbe()), "recorder");
        RunUntil(Ns(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => World.AdvanceTo(Ns(9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => World.RunUntil(Ns(9)));
        Assert.Equal(Ns(10), World.Now);
    }

    [Fact]
    public void Run_with_an_event_limit_stops_after_that_many_events()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        Run();
        for (var i = 1; i <= 5; i++) World.ScheduleTellOnce(Ns(i), recorder, $"m{i}", null);

        Assert.Equal(2, World.Run(2));
        Assert.Equal(Ns(2), World.Now);
        Assert.Equal(3, World.Run());
        Assert.Equal(5, World.DeliveredCount);
    }

    [Fact]
    public void NextEventTime_is_null_in_a_quiescent_world_and_skips_cancelled_timers()
    {
        var probe = CreateTestProbe();
        var alarm = Spawn(Props.Create(() => new Alarm(probe)), "alarm");
        Run();
        Assert.Null(World.NextEventTime);

        alarm.Tell(new Arm(TimeSpan.FromMilliseconds(1), "at 1 ms"));
        alarm.Tell(new Arm(TimeSpan.FromMilliseconds(2), "at 2 ms"));
        RunUntil(SimTime.Zero);
        Assert.Equal(SimTime.FromMilliseconds(1), World.NextEventTime);

        alarm.Tell(new Disarm("at 1 ms"));
        RunUntil(SimTime.Zero);
        Assert.Equal(SimTime.FromMilliseconds(2), World.NextEventTime);

        alarm.Tell(new Disarm("at 2 ms"));
        RunUntil(SimTime.Zero);
        Assert.Null(World.NextEventTime);

        Run();
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(SimTime.Zero, World.Now);
    }

    /// <summary>Every feature on: delays, busy nodes, timers, stash, DeathWatch and restarts.</summary>
    private static readonly ActorProgram Busy = new(
        [
            new NodeSpec([1, 2, 3], Busy: true, Timers: true, Stash: true, Watch: true, MaxRestarts: 3),
            new NodeSpec([0, 2], Busy: true, Timers: false, Stash: true, Watch: false, MaxRestarts: -1),
            new NodeSpec([3, 0], Busy: false, Timers: true, Stash: false, Watch: true, MaxRestarts: 1),
            new NodeSpec([0, 1, 2, 3], Busy: true, Timers: true, Stash: true, Watch: true, MaxRestarts: -1),
        ],
        [new Kickoff(0, 0, ActorProgram.MaxTtl), new Kickoff(3, 500_000, ActorProgram.MaxTtl), new Kickoff(2, 500_000, 4)],
        MaxDelayPs: 1_000_000);

    [Theory]
    [InlineData(1L, true)]
    [InlineData(226L, true)]
    [InlineData(10_000L, false)]
    [InlineData(1_000_000L, false)]
    [InlineData(1_000_000_000L, false)]
    public void The_trace_is_the_same_whether_run_in_one_go_or_window_by_window(long windowPs, bool skipEmpty)
    {
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var inOneGo = Busy.Run(seed);
            var inWindows = Busy.RunInWindows(seed, windowPs, skipEmpty);
            Assert.True(inOneGo.Delivered > 100, $"the program should be busy, delivered {inOneGo.Delivered}");
            Assert.Equal(inOneGo.Hash, inWindows.Hash);
            Assert.Equal(inOneGo.Delivered, inWindows.Delivered);
        }
    }
}
