using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Timers;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>An actor's keyed timers in virtual time: single and periodic firings at exact times, replacement by key,
/// cancellation (even of a firing already queued), and cancellation on stop and restart.</summary>
public sealed class TimerTests : TestKitBase
{
    private static readonly SimTime Us = SimTime.FromMicroseconds(1);

    /// <summary>Runs timer commands in its own context and reports every message it gets, with the time.</summary>
    private sealed record Command(Action<ITimerScheduler> Body);
    private sealed record Tick(string Name);
    private sealed record Fired(string Name, SimTime At);
    private sealed record Busy(SimTime For);
    private sealed record Fail;

    private sealed class Timed : ReceiveActor
    {
        public Timed(IActorRef report, Action<ITimerScheduler>? onStart = null)
        {
            Receive<Command>(c => c.Body(Timers));
            Receive<Tick>(t => report.Tell(new Fired(t.Name, Context.Now)));
            Receive<Busy>(b => Context.Occupy(b.For));
            Receive<Fail>(_ => throw new InvalidOperationException("timer actor failed"));
            Receive<string>(_ => Sender.Tell(Timers.IsTimerActive("k")));
            _onStart = onStart;
        }

        private readonly Action<ITimerScheduler>? _onStart;

        protected internal override void PreStart() => _onStart?.Invoke(Timers);
    }

    private IActorRef NewTimed(Action<ITimerScheduler>? onStart = null) =>
        Sys.ActorOf(Props.Create(() => new Timed(TestActor.Ref, onStart)), "timed");

    [Fact]
    public void A_single_timer_fires_once_at_its_exact_time()
    {
        var timed = NewTimed(t => t.StartSingleTimer("k", new Tick("once"), Us * 3));
        ExpectMsg(new Fired("once", Us * 3));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
        timed.Tell("active?");
        ExpectMsg(false);
    }

    [Fact]
    public void A_periodic_timer_fires_at_exact_multiples_of_its_interval()
    {
        NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10));
        var at = ReceiveN(4).Cast<Fired>().Select(f => f.At);
        Assert.Equal([Us * 10, Us * 20, Us * 30, Us * 40], at);
    }

    [Fact]
    public void A_periodic_timer_can_start_after_a_different_initial_delay()
    {
        NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10, initialDelay: Us * 3));
        Assert.Equal([Us * 3, Us * 13, Us * 23], ReceiveN(3).Cast<Fired>().Select(f => f.At));
    }

    [Fact]
    public void A_periodic_timer_does_not_drift_when_the_actor_is_busy()
    {
        var timed = NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10));
        Sys.RunUntil(Us * 5);
        timed.Tell(new Busy(Us * 12)); // busy from 5 to 17 us: the 10 us tick waits until 17 us
        Assert.Equal([Us * 17, Us * 20, Us * 30], ReceiveN(3).Cast<Fired>().Select(f => f.At));
    }

    [Fact]
    public void Starting_a_timer_with_a_used_key_replaces_it()
    {
        var timed = NewTimed(t => t.StartSingleTimer("k", new Tick("first"), Us * 5));
        Sys.RunUntil(Us * 2);
        timed.Tell(new Command(t => t.StartSingleTimer("k", new Tick("second"), Us * 5)));
        ExpectMsg(new Fired("second", Us * 7));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void A_periodic_timer_can_be_replaced_by_a_single_one()
    {
        var timed = NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10));
        ExpectMsg(new Fired("p", Us * 10));
        timed.Tell(new Command(t => t.StartSingleTimer("k", new Tick("s"), Us)));
        ExpectMsg(new Fired("s", Us * 11));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Timers_with_different_keys_are_independent()
    {
        var timed = NewTimed(t =>
        {
            t.StartSingleTimer("a", new Tick("a"), Us * 2);
            t.StartSingleTimer("b", new Tick("b"), Us * 1);
        });
        timed.Tell(new Command(t => t.Cancel("a")));
        ExpectMsg(new Fired("b", Us));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Cancel_stops_a_periodic_timer()
    {
        var timed = NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10));
        ExpectMsg(new Fired("p", Us * 10));
        timed.Tell(new Command(t => t.Cancel("k")));
        timed.Tell("active?");
        ExpectMsg(false);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Cancel_drops_a_firing_that_is_already_waiting_in_the_mailbox()
    {
        var timed = NewTimed();
        timed.Tell(new Command(t => t.StartSingleTimer("k", new Tick("doomed"), Us * 2)));
        timed.Tell(new Busy(Us * 5));
        // At 5 us the firing (due at 2 us) waits in the mailbox behind the cancel told at 1 us.
        Sys.RunUntil(Us);
        timed.Tell(new Command(t => t.Cancel("k")));
        Sys.Run();
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Replacing_drops_the_old_firing_already_waiting_in_the_mailbox()
    {
        var timed = NewTimed();
        timed.Tell(new Command(t => t.StartSingleTimer("k", new Tick("old"), Us * 2)));
        timed.Tell(new Busy(Us * 5));
        // Told at 1 us, the replacement waits in the mailbox ahead of the old firing (due at 2 us); both are handled at 5 us.
        Sys.RunUntil(Us);
        timed.Tell(new Command(t => t.StartSingleTimer("k", new Tick("new"), Us)));
        ExpectMsg(new Fired("new", Us * 6));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void A_cancelled_timer_does_not_move_virtual_time()
    {
        var timed = NewTimed(t => t.StartSingleTimer("k", new Tick("never"), SimTime.FromSeconds(10)));
        timed.Tell(new Command(t => t.Cancel("k")));
        Sys.Run();
        Assert.Equal(SimTime.Zero, Sys.Now);
        Assert.Null(Sys.NextEventTime);
    }

    [Fact]
    public void Stopping_the_actor_cancels_its_timers()
    {
        var timed = NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10));
        ExpectMsg(new Fired("p", Us * 10));
        Sys.Stop(timed);
        Sys.Run();
        Assert.Null(Sys.NextEventTime);
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public void A_restart_cancels_the_timers_of_the_old_instance()
    {
        var timed = NewTimed(t => t.StartPeriodicTimer("k", new Tick("p"), Us * 10));
        ExpectMsg(new Fired("p", Us * 10));
        Sys.RunUntil(Us * 15);
        timed.Tell(new Fail()); // the restarted instance's PreStart starts a fresh timer at 15 us
        Assert.Equal([Us * 25, Us * 35], ReceiveN(2).Cast<Fired>().Select(f => f.At));
    }

    [Fact]
    public void IsTimerActive_tracks_a_pending_timer()
    {
        var timed = NewTimed(t => t.StartSingleTimer("k", new Tick("x"), Us * 5));
        timed.Tell("active?");
        ExpectMsg(true);
        ExpectMsg(new Fired("x", Us * 5));
        timed.Tell("active?");
        ExpectMsg(false);
    }

    [Fact]
    public void Invalid_timer_arguments_are_rejected()
    {
        var timed = NewTimed();
        timed.Tell(new Command(t =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => t.StartPeriodicTimer("p", new Tick("p"), SimTime.Zero));
            Assert.Throws<ArgumentOutOfRangeException>(() => t.StartSingleTimer("s", new Tick("s"), SimTime.FromPicoseconds(-1)));
            Assert.Throws<ArgumentNullException>(() => t.StartSingleTimer("s", null!, Us));
        }));
        timed.Tell("active?");
        ExpectMsg(false);
    }

    [Fact]
    public void A_zero_delay_timer_fires_at_the_current_time_after_messages_already_sent()
    {
        var timed = NewTimed();
        timed.Tell(new Command(t => t.StartSingleTimer("k", new Tick("now"), SimTime.Zero)));
        ExpectMsg(new Fired("now", SimTime.Zero));
    }
}
