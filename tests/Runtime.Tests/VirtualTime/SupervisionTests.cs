using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>Supervision in virtual time: a <c>OneForOneStrategy</c> with a number of retries and no time window restarts a
/// failing child that many times, each at the virtual time of the failure, then stops it.</summary>
public sealed class SupervisionTests : SimulationTestKit
{
    private static SimTime Us(long us) => SimTime.FromMicroseconds(us);

    /// <summary>Reports each start (its incarnation and virtual time); fails on "fail"; reports "count" with how many
    /// messages this incarnation handled.</summary>
    private sealed class Fragile : UntypedActor
    {
        private readonly IActorRef _probe;
        private int _handled;

        public Fragile(IActorRef probe) => _probe = probe;

        protected override void PreStart() => _probe.Tell(new Arrived("started", Context.Now()));

        protected override void OnReceive(object message)
        {
            _handled++;
            if (message is "fail") throw new InvalidOperationException($"failing at {Context.Now()}");
            if (message is "count") _probe.Tell(new Arrived($"handled {_handled}", Context.Now()));
        }
    }

    /// <summary>Supervises a <see cref="Fragile"/> child with a number of restarts and no window, watches
    /// it, forwards everything else to it.</summary>
    private sealed class Supervisor : UntypedActor
    {
        private readonly IActorRef _probe;
        private readonly int _retries;
        private readonly IActorRef _child;

        public Supervisor(IActorRef probe, int retries)
        {
            _probe = probe;
            _retries = retries;
            _child = Context.Watch(Context.ActorOf(Props.Create(() => new Fragile(probe)), "fragile"));
        }

        protected override SupervisorStrategy SupervisorStrategy() =>
            new OneForOneStrategy(maxNrOfRetries: _retries, withinTimeRange: null, localOnlyDecider: _ => Directive.Restart);

        protected override void OnReceive(object message)
        {
            if (message is Terminated t) _probe.Tell(new Arrived($"Terminated {t.ActorRef.Path.Name}", Context.Now()));
            else _child.Forward(message);
        }
    }

    [Fact]
    public void A_child_is_restarted_at_each_failure_until_its_retries_are_used_up_then_stopped()
    {
        var probe = CreateTestProbe();
        var supervisor = Spawn(Props.Create(() => new Supervisor(probe, 3)), "supervisor");
        for (var i = 1; i <= 4; i++) World.ScheduleTellOnce(Us(i), supervisor, "fail", null);
        Run();

        probe.ExpectMsg(new Arrived("started", SimTime.Zero));
        probe.ExpectMsg(new Arrived("started", Us(1)));
        probe.ExpectMsg(new Arrived("started", Us(2)));
        probe.ExpectMsg(new Arrived("started", Us(3)));
        probe.ExpectMsg(new Arrived("Terminated fragile", Us(4)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_restarted_child_is_a_fresh_instance_that_takes_the_messages_after_the_failure()
    {
        var probe = CreateTestProbe();
        var supervisor = Spawn(Props.Create(() => new Supervisor(probe, 3)), "supervisor");
        supervisor.Tell("count");
        supervisor.Tell("count");
        World.ScheduleTellOnce(Us(1), supervisor, "fail", null);
        World.ScheduleTellOnce(Us(1), supervisor, "count", null);
        Run();

        probe.ExpectMsg(new Arrived("started", SimTime.Zero));
        probe.ExpectMsg(new Arrived("handled 1", SimTime.Zero));
        probe.ExpectMsg(new Arrived("handled 2", SimTime.Zero));
        probe.ExpectMsg(new Arrived("started", Us(1)));
        probe.ExpectMsg(new Arrived("handled 1", Us(1)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void With_no_retries_left_the_first_failure_stops_the_child()
    {
        var probe = CreateTestProbe();
        var supervisor = Spawn(Props.Create(() => new Supervisor(probe, 0)), "supervisor");
        World.ScheduleTellOnce(Us(5), supervisor, "fail", null);
        Run();

        probe.ExpectMsg(new Arrived("started", SimTime.Zero));
        probe.ExpectMsg(new Arrived("Terminated fragile", Us(5)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }
}
