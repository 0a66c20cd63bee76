using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>Watch, Unwatch, Terminated, and the death pact of an unhandled Terminated.</summary>
public sealed class DeathWatchTests : TestKitBase
{
    private sealed record WatchIt(IActorRef Subject);
    private sealed record UnwatchIt(IActorRef Subject);

    /// <summary>Watches and unwatches on command; reports each Terminated it gets to <c>report</c>; fails on a string.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef report)
        {
            Receive<WatchIt>(w => Context.Watch(w.Subject));
            Receive<UnwatchIt>(w => Context.Unwatch(w.Subject));
            Receive<Terminated>(t => report.Tell(t));
            Receive<string>(s => throw new InvalidOperationException(s));
        }
    }

    /// <summary>Watches on command and handles nothing else: a Terminated it gets is a death pact.</summary>
    private sealed class Pact : ReceiveActor
    {
        public Pact() => Receive<WatchIt>(w => Context.Watch(w.Subject));
    }

    /// <summary>Says goodbye to <c>friend</c> from PostStop.</summary>
    private sealed class Leaver(IActorRef friend) : ActorBase
    {
        protected internal override void PostStop() => friend.Tell("bye");

        protected internal override bool Receive(object message) => true;
    }

    private sealed class Idle : ActorBase
    {
        protected internal override bool Receive(object message) => true;
    }

    [Fact]
    public void A_watcher_gets_Terminated_when_the_subject_stops()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        Watch(subject);
        Sys.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(7), subject, PoisonPill.Instance, null);
        var terminated = ExpectTerminated(subject);
        Assert.Equal(subject, terminated.ActorRef);
        Assert.Equal(SimTime.FromMicroseconds(7), Sys.Now);
    }

    [Fact]
    public void An_actor_watcher_handles_Terminated_like_any_message()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref)), "watcher");
        watcher.Tell(new WatchIt(subject));
        subject.Tell(PoisonPill.Instance);
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(subject));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Every_watcher_gets_one_Terminated_even_when_it_watched_twice()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        var other = CreateTestProbe();
        Watch(subject);
        Watch(subject);
        other.Watch(subject);
        Sys.Stop(subject);
        ExpectTerminated(subject);
        other.ExpectTerminated(subject);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Unwatch_drops_a_Terminated_that_is_already_queued()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        Watch(subject);
        Sys.Stop(subject);
        Assert.True(Sys.Step()); // the stop: the Terminated is now queued for the test actor
        Assert.True(Sys.PendingCount > 0);
        Unwatch(subject);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void An_actor_that_unwatches_before_its_queued_Terminated_arrives_never_sees_it()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref)), "watcher");
        watcher.Tell(new WatchIt(subject));
        Sys.Run();
        // The stop is handled first (system priority) and queues the Terminated from the subject; the Unwatch,
        // from the test (sender id 0), is ordered ahead of that Terminated at the same time.
        Sys.Stop(subject);
        watcher.Tell(new UnwatchIt(subject));
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Watching_an_actor_that_already_stopped_gives_Terminated_at_once()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        Sys.Stop(subject);
        Sys.RunUntil(SimTime.FromMicroseconds(5));
        Watch(subject);
        ExpectTerminated(subject);
        Assert.Equal(SimTime.FromMicroseconds(5), Sys.Now);
    }

    [Fact]
    public void Unwatch_then_watch_a_dead_actor_again_gives_exactly_one_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        Sys.Stop(subject);
        Sys.Run();
        Watch(subject);
        Unwatch(subject);
        Watch(subject);
        ExpectTerminated(subject);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Messages_sent_from_PostStop_arrive_before_the_Terminated()
    {
        var leaver = Sys.ActorOf(Props.Create(() => new Leaver(TestActor.Ref)), "leaver");
        Watch(leaver);
        Sys.Stop(leaver);
        ExpectMsg("bye");
        ExpectTerminated(leaver);
    }

    [Fact]
    public void An_unhandled_Terminated_is_a_death_pact_that_stops_the_watcher()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures.Ref, typeof(ActorFailed));
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        var pact = Sys.ActorOf(Props.Create<Pact>(), "pact");
        pact.Tell(new WatchIt(subject));
        Watch(pact);
        subject.Tell(PoisonPill.Instance);
        ExpectTerminated(pact);
        var failed = failures.ExpectMsg<ActorFailed>();
        Assert.Equal(pact, failed.Actor);
        Assert.Equal(subject, Assert.IsType<DeathPactException>(failed.Cause).DeadActor);
    }

    [Fact]
    public void A_watcher_that_stopped_first_gets_nothing_and_leaves_no_dead_letter()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref)), "watcher");
        watcher.Tell(new WatchIt(subject));
        Sys.Run();
        Sys.Stop(watcher);
        Sys.Run();
        Sys.Stop(subject);
        Sys.Run();
        Assert.Equal(0, Sys.DeadLetterCount);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Watching_oneself_does_nothing()
    {
        var host = Sys.ActorOf(Props.Create<Support.ContextHost>(), "host");
        host.Tell(new Support.InContext(ctx => ctx.Watch(ctx.Self)));
        Assert.Equal(host, ExpectMsg<IActorRef>());
        Sys.Stop(host);
        Sys.Run();
        Assert.Equal(0, Sys.DeadLetterCount);
    }

    [Fact]
    public void A_restarted_watcher_keeps_watching()
    {
        var subject = Sys.ActorOf(Props.Create<Idle>(), "subject");
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor.Ref)), "watcher");
        watcher.Tell(new WatchIt(subject));
        watcher.Tell("boom"); // the default strategy restarts the watcher; its watches belong to the cell and stay
        subject.Tell(PoisonPill.Instance);
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(subject));
    }

    /// <summary>Greets <c>friend</c> from PreStart.</summary>
    private sealed class Greeter(IActorRef friend) : ActorBase
    {
        protected internal override void PreStart() => friend.Tell("hello");

        protected internal override bool Receive(object message) => true;
    }

    [Fact]
    public void A_late_Terminated_and_a_new_incarnations_sends_are_ordered_by_key_not_by_issue_order()
    {
        // The new incarnation continues the old one's send counter; the Terminated for a late watcher of the old one
        // must not take a number from that same counter, or two deliveries share a key and issue order decides.
        List<object> Observe(bool watchFirst)
        {
            using var kit = new Kit();
            var old = kit.Sys.ActorOf(Props.Create<Idle>(), "a");
            kit.Sys.Stop(old);
            kit.Sys.Run();
            var probe = kit.CreateTestProbe("observer");
            if (watchFirst) probe.Watch(old);
            kit.Sys.ActorOf(Props.Create(() => new Greeter(probe.Ref)), "a");
            if (!watchFirst) probe.Watch(old);
            return [.. probe.ReceiveN(2).Select(m => m is Terminated ? "Terminated" : m)];
        }
        Assert.Equal(Observe(watchFirst: true), Observe(watchFirst: false));
    }

    private sealed class Kit : TestKitBase;

    [Fact]
    public void A_new_incarnation_at_the_same_path_is_a_different_actor()
    {
        var first = Sys.ActorOf(Props.Create<Idle>(), "subject");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        var second = Sys.ActorOf(Props.Create<Idle>(), "subject");
        Assert.NotEqual(first, second);
        Assert.Equal(first.Path, second.Path);
        Watch(second);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }
}
