using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Supervision;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>One-for-one and all-for-one supervision with each directive, restart budgets in a virtual-time window,
/// and the default decider.</summary>
public sealed class SupervisionTests : TestKitBase
{
    private sealed record Inc;
    private sealed record Get;
    private sealed record Count(string Name, int N, int Incarnation);
    private sealed record Throw(Exception Cause);
    private sealed record Spawn(string Name);

    /// <summary>Counts <see cref="Inc"/>s; answers <see cref="Get"/> with its count and incarnation; throws what it is told to.</summary>
    private sealed class Counter : ReceiveActor
    {
        private int _count;

        public Counter(Func<int> incarnation)
        {
            var me = incarnation();
            Receive<Inc>(_ => _count++);
            Receive<Get>(_ => Sender.Tell(new Count(Self.Path.Name, _count, me)));
            Receive<Throw>(t => throw t.Cause);
        }
    }

    /// <summary>Creates counters on <see cref="Spawn"/>; its strategy comes from its Props.</summary>
    private sealed class Parent : ReceiveActor
    {
        private readonly Dictionary<string, int> _incarnations = [];

        public Parent()
        {
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(
                Props.Create(() => new Counter(() => _incarnations[s.Name] = _incarnations.GetValueOrDefault(s.Name) + 1)), s.Name)));
            Receive<Throw>(t => throw t.Cause);
            Receive<InParent>(p => Sender.Tell(p.Create(Context)));
        }
    }

    private sealed class Oops(string message) : Exception(message);

    private readonly TestProbe _failures;

    public SupervisionTests()
    {
        _failures = CreateTestProbe("failures");
        Sys.EventStream.Subscribe(_failures.Ref, typeof(ActorFailed));
    }

    private IActorRef NewParent(SupervisorStrategy strategy, string name = "parent") =>
        Sys.ActorOf(Props.Create<Parent>().WithSupervisorStrategy(strategy), name);

    private IActorRef SpawnChild(IActorRef parent, string name)
    {
        parent.Tell(new Spawn(name));
        return ExpectMsg<IActorRef>();
    }

    private Count Read(IActorRef counter)
    {
        counter.Tell(new Get());
        return ExpectMsg<Count>();
    }

    private static void Bump(IActorRef counter, int times)
    {
        for (var i = 0; i < times; i++) counter.Tell(new Inc());
    }

    [Fact]
    public void Resume_keeps_the_state_and_drops_only_the_failing_message()
    {
        var parent = NewParent(new OneForOneStrategy(_ => Directive.Resume));
        var child = SpawnChild(parent, "c");
        Bump(child, 2);
        child.Tell(new Throw(new Oops("resume me")));
        Bump(child, 1);
        Assert.Equal(new Count("c", 3, 1), Read(child));
        var failed = _failures.ExpectMsg<ActorFailed>();
        Assert.Equal((child, Directive.Resume, "resume me"), (failed.Actor, failed.Directive, failed.Cause.Message));
    }

    [Fact]
    public void Restart_resets_the_state_and_keeps_the_mailbox()
    {
        var parent = NewParent(new OneForOneStrategy(_ => Directive.Restart));
        var child = SpawnChild(parent, "c");
        var sibling = SpawnChild(parent, "s");
        Bump(child, 2);
        Bump(sibling, 2);
        child.Tell(new Throw(new Oops("restart me")));
        Bump(child, 1); // queued behind the failure: handled by the new instance
        Assert.Equal(new Count("c", 1, 2), Read(child));
        Assert.Equal(new Count("s", 2, 1), Read(sibling));
        Assert.Equal(Directive.Restart, _failures.ExpectMsg<ActorFailed>().Directive);
    }

    [Fact]
    public void Stop_stops_only_the_failing_child_and_its_pending_messages_become_dead_letters()
    {
        var parent = NewParent(new OneForOneStrategy(_ => Directive.Stop));
        var child = SpawnChild(parent, "c");
        var sibling = SpawnChild(parent, "s");
        Watch(child);
        child.Tell(new Throw(new Oops("stop me")));
        child.Tell(new Inc());
        ExpectTerminated(child);
        Sys.Run();
        Assert.Equal(1, Sys.DeadLetterCount);
        Assert.Equal(new Count("s", 0, 1), Read(sibling));
        Assert.Equal(Directive.Stop, _failures.ExpectMsg<ActorFailed>().Directive);
    }

    [Fact]
    public void Escalate_fails_the_parent_which_its_own_supervisor_restarts_with_fresh_children()
    {
        var grandparent = Sys.ActorOf(Props.Create<Parent>().WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Restart)), "gp");
        grandparent.Tell(new InParent(ctx => ctx.ActorOf(Props.Create<Parent>().WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Escalate)), "parent")));
        var parent = ExpectMsg<IActorRef>();
        var child = SpawnChild(parent, "c");
        Bump(child, 3);
        Watch(child);
        child.Tell(new Throw(new Oops("escalate me")));
        ExpectTerminated(child); // the parent's default PreRestart stopped it
        var escalated = _failures.ExpectMsg<ActorFailed>();
        Assert.Equal((child, Directive.Escalate), (escalated.Actor, escalated.Directive));
        var restarted = _failures.ExpectMsg<ActorFailed>();
        Assert.Equal((parent, Directive.Restart, "escalate me"), (restarted.Actor, restarted.Directive, restarted.Cause.Message));
        Assert.Equal(parent, Sys.Lookup("/user/gp/parent"));
        Assert.Null(Sys.Lookup("/user/gp/parent/c"));
    }

    /// <summary>Lets the grandparent create a child with its own Props.</summary>
    private sealed record InParent(Func<IActorContext, IActorRef> Create);

    [Fact]
    public void Escalation_from_a_top_level_actor_reaches_the_user_guardian_which_restarts_it()
    {
        var parent = NewParent(new OneForOneStrategy(_ => Directive.Escalate));
        var child = SpawnChild(parent, "c");
        child.Tell(new Throw(new Oops("up")));
        Sys.Run();
        Assert.Equal(Directive.Escalate, _failures.ExpectMsg<ActorFailed>().Directive);
        var top = _failures.ExpectMsg<ActorFailed>();
        Assert.Equal((parent, Directive.Restart), (top.Actor, top.Directive));
    }

    [Fact]
    public void All_for_one_Restart_restarts_every_child()
    {
        var parent = NewParent(new AllForOneStrategy(_ => Directive.Restart));
        var a = SpawnChild(parent, "a");
        var b = SpawnChild(parent, "b");
        Bump(a, 2);
        Bump(b, 5);
        a.Tell(new Throw(new Oops("all")));
        Bump(b, 1); // b's mailbox is kept too
        Assert.Equal(new Count("a", 0, 2), Read(a));
        Assert.Equal(new Count("b", 1, 2), Read(b));
        var failed = _failures.ExpectMsg<ActorFailed>();
        Assert.Equal((a, Directive.Restart), (failed.Actor, failed.Directive));
    }

    [Fact]
    public void All_for_one_Stop_stops_every_child()
    {
        var parent = NewParent(new AllForOneStrategy(_ => Directive.Stop));
        var a = SpawnChild(parent, "a");
        var b = SpawnChild(parent, "b");
        Watch(a);
        Watch(b);
        a.Tell(new Throw(new Oops("all")));
        var stopped = ReceiveN(2).Cast<Terminated>().Select(t => t.ActorRef).ToHashSet();
        Assert.Equal([a, b], stopped);
        Assert.Equal(parent, Sys.Lookup("/user/parent"));
    }

    [Fact]
    public void All_for_one_Resume_resumes_only_the_failing_child()
    {
        var parent = NewParent(new AllForOneStrategy(_ => Directive.Resume));
        var a = SpawnChild(parent, "a");
        var b = SpawnChild(parent, "b");
        Bump(a, 1);
        Bump(b, 1);
        a.Tell(new Throw(new Oops("one")));
        Assert.Equal(new Count("a", 1, 1), Read(a));
        Assert.Equal(new Count("b", 1, 1), Read(b));
    }

    [Fact]
    public void All_for_one_Escalate_fails_the_parent()
    {
        var parent = NewParent(new AllForOneStrategy(_ => Directive.Escalate));
        var a = SpawnChild(parent, "a");
        var b = SpawnChild(parent, "b");
        Watch(a);
        Watch(b);
        a.Tell(new Throw(new Oops("up")));
        Assert.Equal(2, ReceiveN(2).Cast<Terminated>().Count()); // the restarted parent stopped both children
        Assert.Equal(Directive.Escalate, _failures.ExpectMsg<ActorFailed>().Directive);
        Assert.Equal(parent, _failures.ExpectMsg<ActorFailed>().Actor);
    }

    [Fact]
    public void The_decider_chooses_by_exception()
    {
        var parent = NewParent(new OneForOneStrategy(e => e is ArgumentException ? Directive.Resume : Directive.Stop));
        var child = SpawnChild(parent, "c");
        Bump(child, 1);
        child.Tell(new Throw(new ArgumentException("fine")));
        Assert.Equal(new Count("c", 1, 1), Read(child));
        Watch(child);
        child.Tell(new Throw(new Oops("fatal")));
        ExpectTerminated(child);
    }

    [Fact]
    public void The_restart_budget_stops_the_child_after_N_restarts_within_the_window()
    {
        var window = SimTime.FromMilliseconds(1);
        var parent = NewParent(new OneForOneStrategy(2, window, _ => Directive.Restart));
        var child = SpawnChild(parent, "c");
        Watch(child);
        for (var i = 0; i < 3; i++)
            Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(100 * i), child, new Throw(new Oops($"#{i}")), null);
        ExpectTerminated(child);
        Assert.Equal(SimTime.FromMicroseconds(200), Sys.Now);
        Assert.Equal(
            [Directive.Restart, Directive.Restart, Directive.Stop],
            _failures.ReceiveN(3).Cast<ActorFailed>().Select(f => f.Directive));
    }

    [Fact]
    public void The_restart_budget_resets_once_the_window_has_passed()
    {
        var window = SimTime.FromMilliseconds(1);
        var parent = NewParent(new OneForOneStrategy(2, window, _ => Directive.Restart));
        var child = SpawnChild(parent, "c");
        // Two failures in the first window, then two in a new window opened at 1.5 ms, then a third one in it.
        long[] atUs = [0, 500, 1500, 2000, 2400];
        foreach (var us in atUs)
            Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(us), child, new Throw(new Oops($"{us}")), null);
        Sys.Run();
        Assert.Equal(
            [Directive.Restart, Directive.Restart, Directive.Restart, Directive.Restart, Directive.Stop],
            _failures.ReceiveN(5).Cast<ActorFailed>().Select(f => f.Directive));
    }

    [Fact]
    public void A_failure_exactly_at_the_end_of_the_window_still_counts_in_it()
    {
        var window = SimTime.FromMilliseconds(1);
        var parent = NewParent(new OneForOneStrategy(1, window, _ => Directive.Restart));
        var child = SpawnChild(parent, "c");
        Sys.Scheduler.ScheduleTellOnce(SimTime.Zero, child, new Throw(new Oops("first")), null);
        Sys.Scheduler.ScheduleTellOnce(window, child, new Throw(new Oops("second")), null);
        Sys.Run();
        Assert.Equal([Directive.Restart, Directive.Stop], _failures.ReceiveN(2).Cast<ActorFailed>().Select(f => f.Directive));
    }

    [Fact]
    public void A_budget_without_window_never_resets()
    {
        var parent = NewParent(new OneForOneStrategy(2, null, _ => Directive.Restart));
        var child = SpawnChild(parent, "c");
        foreach (var s in new long[] { 0, 10, 20 })
            Sys.Scheduler.ScheduleTellOnce(SimTime.FromSeconds(s), child, new Throw(new Oops($"{s}")), null);
        Sys.Run();
        Assert.Equal(
            [Directive.Restart, Directive.Restart, Directive.Stop],
            _failures.ReceiveN(3).Cast<ActorFailed>().Select(f => f.Directive));
    }

    [Fact]
    public void A_budget_of_zero_retries_stops_at_the_first_failure()
    {
        var parent = NewParent(new OneForOneStrategy(0, SimTime.FromSeconds(1), _ => Directive.Restart));
        var child = SpawnChild(parent, "c");
        Watch(child);
        child.Tell(new Throw(new Oops("once")));
        ExpectTerminated(child);
        Assert.Equal(Directive.Stop, _failures.ExpectMsg<ActorFailed>().Directive);
    }

    [Fact]
    public void An_all_for_one_budget_counts_every_restart_of_the_group_and_then_stops_every_child()
    {
        // As Akka's AllForOneStrategy: each restart of the group asks every child for permission, so failures of
        // different children use up one budget.
        var parent = NewParent(new AllForOneStrategy(2, SimTime.FromMilliseconds(1), _ => Directive.Restart));
        var a = SpawnChild(parent, "a");
        var b = SpawnChild(parent, "b");
        Watch(a);
        Watch(b);
        a.Tell(new Throw(new Oops("a1")));
        b.Tell(new Throw(new Oops("b1")));
        a.Tell(new Throw(new Oops("a2")));
        Assert.Equal(2, ReceiveN(2).Cast<Terminated>().Count());
        Assert.Equal(
            [Directive.Restart, Directive.Restart, Directive.Stop],
            _failures.ReceiveN(3).Cast<ActorFailed>().Select(f => f.Directive));
    }

    [Fact]
    public void Each_child_has_its_own_budget()
    {
        var parent = NewParent(new OneForOneStrategy(1, null, _ => Directive.Restart));
        var a = SpawnChild(parent, "a");
        var b = SpawnChild(parent, "b");
        a.Tell(new Throw(new Oops("a1")));
        b.Tell(new Throw(new Oops("b1")));
        Sys.Run();
        Assert.Equal([Directive.Restart, Directive.Restart], _failures.ReceiveN(2).Cast<ActorFailed>().Select(f => f.Directive));
    }

    [Theory]
    [InlineData(typeof(ActorKilledException), Directive.Stop)]
    [InlineData(typeof(ActorInitializationException), Directive.Stop)]
    [InlineData(typeof(DeathPactException), Directive.Stop)]
    [InlineData(typeof(InvalidOperationException), Directive.Restart)]
    public void The_default_decider_follows_Akka(Type exception, Directive expected)
    {
        Exception cause = exception.Name switch
        {
            nameof(DeathPactException) => new DeathPactException(TestActor.Ref),
            nameof(ActorInitializationException) => new ActorInitializationException("x"),
            nameof(ActorKilledException) => new ActorKilledException("x"),
            _ => new InvalidOperationException("x"),
        };
        Assert.Equal(expected, SupervisorStrategy.DefaultDecider(cause));
    }

    [Fact]
    public void The_default_strategy_restarts_without_limit()
    {
        var parent = Sys.ActorOf(Props.Create<Parent>(), "parent");
        var child = SpawnChild(parent, "c");
        for (var i = 0; i < 50; i++) child.Tell(new Throw(new Oops($"{i}")));
        Assert.Equal(new Count("c", 0, 51), Read(child));
    }

    [Fact]
    public void An_actor_can_declare_its_strategy_by_overriding_SupervisorStrategy()
    {
        var parent = Sys.ActorOf(Props.Create<ResumingParent>(), "parent");
        parent.Tell(new Spawn("c"));
        var child = ExpectMsg<IActorRef>();
        Bump(child, 1);
        child.Tell(new Throw(new Oops("x")));
        Assert.Equal(1, Read(child).N);
    }

    [Fact]
    public void A_strategy_in_the_Props_overrides_the_actors_own()
    {
        var parent = Sys.ActorOf(Props.Create<ResumingParent>().WithSupervisorStrategy(SupervisorStrategy.StoppingStrategy), "parent");
        parent.Tell(new Spawn("c"));
        var child = ExpectMsg<IActorRef>();
        Watch(child);
        child.Tell(new Throw(new Oops("x")));
        ExpectTerminated(child);
    }

    private sealed class ResumingParent : ReceiveActor
    {
        public ResumingParent() => Receive<Spawn>(s => Sender.Tell(Context.ActorOf(Props.Create(() => new Counter(() => 1)), s.Name)));

        protected internal override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Resume);
    }
}
