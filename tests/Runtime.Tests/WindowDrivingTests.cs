using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Runtime.Tests;

/// <summary>Driving a system window by window (RunUntil, AdvanceTo, NextEventTime), as a cluster member does, gives
/// the same trace as running it to quiescence, whatever the window size.</summary>
public sealed class WindowDrivingTests
{
    private static readonly RandomGraph Workload = new(
        Targets: [[1, 2], [2, 0, 3], [0], [3, 1]],
        Kickoffs: [new Kickoff(0, 0, 5), new Kickoff(3, 250, 4), new Kickoff(2, 250, 5)],
        MaxDelayNs: 100,
        Occupy: true,
        Timers: true,
        Failures: true);

    [Theory]
    [InlineData(1L)]
    [InlineData(999L)]
    [InlineData(1_000L)]
    [InlineData(37_000L)]
    [InlineData(1_000_000L)]
    [InlineData(long.MaxValue / 4)]
    public void Windows_of_any_size_give_the_trace_of_a_run_to_quiescence(long windowPs)
    {
        var (hash, delivered, _) = Workload.Run(seed: 11);
        Assert.True(delivered > 50, $"the workload should be busy, delivered {delivered}");
        Assert.Equal((hash, delivered), Workload.RunInWindows(seed: 11, windowPs, skipEmpty: false));
        Assert.Equal((hash, delivered), Workload.RunInWindows(seed: 11, windowPs, skipEmpty: true));
    }

    [Fact]
    public void RunUntil_in_steps_gives_the_trace_of_a_run_to_quiescence()
    {
        var (hash, delivered, end) = Workload.Run(seed: 5);
        using var sys = Workload.Build(seed: 5);
        var t = SimTime.Zero;
        while (sys.PendingCount > 0)
        {
            t += SimTime.FromNanoseconds(3);
            sys.RunUntil(t);
            Assert.Equal(t, sys.Now);
        }
        Assert.Equal((hash, delivered), (sys.TraceHash, sys.DeliveredCount));
        Assert.True(t >= end);
    }

    [Fact]
    public void Step_by_step_gives_the_trace_of_a_run_to_quiescence()
    {
        var (hash, delivered, end) = Workload.Run(seed: 5);
        using var sys = Workload.Build(seed: 5);
        while (sys.Step()) { }
        Assert.Equal((hash, delivered, end), (sys.TraceHash, sys.DeliveredCount, sys.Now));
        Assert.False(sys.Step());
    }

    [Fact]
    public void AdvanceTo_runs_strictly_before_its_time_and_RunUntil_up_to_and_including_it()
    {
        using var sys = ActorSystem.Create("window");
        var log = new List<SimTime>();
        var sink = sys.ActorOf(Props.Create(() => new Sink(log)), "sink");
        foreach (var ns in new long[] { 10, 20, 20, 30 })
            sys.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(ns), sink, "m", null);

        Assert.Equal(SimTime.FromNanoseconds(10), sys.NextEventTime);
        Assert.Equal(1, sys.AdvanceTo(SimTime.FromNanoseconds(20)));
        Assert.Equal(SimTime.FromNanoseconds(20), sys.Now);
        Assert.Equal(SimTime.FromNanoseconds(20), sys.NextEventTime);
        Assert.Equal(2, sys.RunUntil(SimTime.FromNanoseconds(20)));
        Assert.Equal(SimTime.FromNanoseconds(30), sys.NextEventTime);
        Assert.Equal(0, sys.AdvanceTo(SimTime.FromNanoseconds(25)));
        Assert.Equal(SimTime.FromNanoseconds(25), sys.Now);
        Assert.Throws<ArgumentOutOfRangeException>(() => sys.AdvanceTo(SimTime.FromNanoseconds(24)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sys.RunUntil(SimTime.FromNanoseconds(24)));
        sys.RunUntil(SimTime.MaxValue);
        Assert.Null(sys.NextEventTime);
        Assert.Equal(SimTime.MaxValue, sys.Now);
        Assert.Equal([10, 20, 20, 30], log.Select(t => (long)t.TotalNanoseconds));
    }

    [Fact]
    public void RunWhileNot_stops_when_the_condition_holds_or_nothing_is_due_by_the_deadline()
    {
        using var sys = ActorSystem.Create("window");
        var log = new List<SimTime>();
        var sink = sys.ActorOf(Props.Create(() => new Sink(log)), "sink");
        foreach (var ns in new long[] { 10, 20, 30 })
            sys.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(ns), sink, "m", null);
        Assert.True(sys.RunWhileNot(() => log.Count == 2, SimTime.FromNanoseconds(100)));
        Assert.Equal(SimTime.FromNanoseconds(20), sys.Now);
        Assert.False(sys.RunWhileNot(() => log.Count == 5, SimTime.FromNanoseconds(29)));
        Assert.Equal(SimTime.FromNanoseconds(20), sys.Now); // time does not move past the last delivery
        Assert.False(sys.RunWhileNot(() => log.Count == 5, SimTime.FromNanoseconds(30)));
        Assert.Equal(3, log.Count);
    }

    [Fact]
    public void A_system_cannot_be_driven_from_inside_one_of_its_actors()
    {
        using var sys = ActorSystem.Create("reentrant");
        var host = sys.ActorOf(Props.Create<ContextHost>(), "host");
        var box = new List<object>();
        var sink = sys.ActorOf(Props.Create(() => new Collect(box)), "sink");
        host.Tell(new InContext(ctx => Record.Exception(() => ctx.System.Run())!), sink);
        sys.Run();
        Assert.IsType<InvalidOperationException>(Assert.Single(box));
    }

    [Fact]
    public void Window_driving_matches_a_run_to_quiescence_for_random_graphs_and_window_sizes()
    {
        var windows = Gen.Elements(1L, 7L, 1_000L, 123_456L, 10_000_000L);
        var cases = from graph in RandomGraphGen.Graph
                    from seed in RandomGraphGen.Seed
                    from window in windows
                    from skip in Gen.Elements(true, false)
                    select (graph, seed, window, skip);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (hash, delivered, _) = c.graph.Run(c.seed);
            return (hash, delivered) == c.graph.RunInWindows(c.seed, c.window, c.skip);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    private sealed class Sink(List<SimTime> log) : ActorBase
    {
        protected internal override bool Receive(object message)
        {
            log.Add(Context.Now);
            return true;
        }
    }

    private sealed class Collect(List<object> box) : ActorBase
    {
        protected internal override bool Receive(object message)
        {
            box.Add(message);
            return true;
        }
    }
}
