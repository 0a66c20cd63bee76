using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Supervision;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>PoisonPill stops after the messages sent before it; Kill fails the actor so its supervisor decides.</summary>
public sealed class PoisonPillAndKillTests : TestKitBase
{
    private sealed record Get;

    private sealed class Counter : ReceiveActor
    {
        private int _n;

        public Counter()
        {
            Receive<int>(n => _n += n);
            Receive<Get>(_ => Sender.Tell(_n));
        }
    }

    private sealed class Parent : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Parent(SupervisorStrategy strategy)
        {
            _strategy = strategy;
            Receive<string>(name => Sender.Tell(Context.ActorOf(Props.Create<Counter>(), name)));
        }

        protected internal override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    [Fact]
    public void A_PoisonPill_stops_the_actor_after_the_messages_sent_before_it()
    {
        var counter = Sys.ActorOf(Props.Create<Counter>(), "counter");
        Sys.EventStream.Subscribe(TestActor.Ref, typeof(UnhandledMessage));
        counter.Tell(1);
        counter.Tell(new Get());
        counter.Tell(PoisonPill.Instance);
        counter.Tell(new Get());
        ExpectMsg(1);
        Watch(counter);
        ExpectTerminated(counter);
        Sys.Run();
        Assert.Equal(1, Sys.DeadLetterCount); // the second Get; the PoisonPill itself was never unhandled
    }

    [Fact]
    public void Kill_stops_the_actor_under_the_default_strategy()
    {
        var failures = CreateTestProbe();
        Sys.EventStream.Subscribe(failures.Ref, typeof(ActorFailed));
        var counter = Sys.ActorOf(Props.Create<Counter>(), "counter");
        Watch(counter);
        counter.Tell(Kill.Instance);
        ExpectTerminated(counter);
        var failed = failures.ExpectMsg<ActorFailed>();
        Assert.IsType<ActorKilledException>(failed.Cause);
        Assert.Equal(Directive.Stop, failed.Directive);
    }

    [Fact]
    public void Kill_under_a_restarting_supervisor_restarts_the_actor()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(_ => Directive.Restart))), "parent");
        parent.Tell("c");
        var counter = ExpectMsg<IActorRef>();
        counter.Tell(5);
        counter.Tell(Kill.Instance);
        counter.Tell(new Get());
        ExpectMsg(0);
    }

    [Fact]
    public void Kill_under_a_resuming_supervisor_keeps_the_state()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(new OneForOneStrategy(_ => Directive.Resume))), "parent");
        parent.Tell("c");
        var counter = ExpectMsg<IActorRef>();
        counter.Tell(5);
        counter.Tell(Kill.Instance);
        counter.Tell(new Get());
        ExpectMsg(5);
    }
}
