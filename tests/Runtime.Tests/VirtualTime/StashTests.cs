using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>Akka's <c>Stash</c> with <c>Become</c> in virtual time: stashed messages come back, in their order, ahead of
/// anything that waited in the mailbox meanwhile, at the virtual time of the unstash.</summary>
public sealed class StashTests : SimulationTestKit
{
    private static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);

    private sealed record Job(string Name);

    /// <summary>Closed: stashes jobs; "busy" keeps it busy; "open" becomes open and unstashes. Open: reports jobs; "close"
    /// closes it again.</summary>
    private sealed class Gate : ReceiveActor, IWithUnboundedStash
    {
        private readonly IActorRef _probe;

        public Gate(IActorRef probe)
        {
            _probe = probe;
            Closed();
        }

        public IStash Stash { get; set; } = null!;

        private void Closed()
        {
            Receive<Job>(_ => Stash.Stash());
            Receive<SimTime>(busy => Context.Occupy(busy));
            Receive<string>(s => s == "open", _ =>
            {
                Become(Open);
                Stash.UnstashAll();
            });
        }

        private void Open()
        {
            Receive<Job>(job => _probe.Tell(new Arrived(job.Name, Context.Now())));
            Receive<string>(s => s == "close", _ => Become(Closed));
        }
    }

    [Fact]
    public void Stashed_messages_are_handled_in_their_order_when_the_actor_unstashes()
    {
        var probe = CreateTestProbe();
        var gate = Spawn(Props.Create(() => new Gate(probe)), "gate");
        gate.Tell(new Job("j1"));
        gate.Tell(new Job("j2"));
        World.ScheduleTellOnce(Ns(5), gate, "open", null);
        World.ScheduleTellOnce(Ns(5), gate, new Job("j3"), null);

        RunUntil(Ns(4));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Run();
        probe.ExpectMsg(new Arrived("j1", Ns(5)));
        probe.ExpectMsg(new Arrived("j2", Ns(5)));
        probe.ExpectMsg(new Arrived("j3", Ns(5)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Unstashed_messages_go_ahead_of_messages_that_waited_in_the_mailbox()
    {
        var probe = CreateTestProbe();
        var gate = Spawn(Props.Create(() => new Gate(probe)), "gate");
        gate.Tell(Ns(10)); // busy until 10 ns: everything below waits in the mailbox
        World.ScheduleTellOnce(Ns(1), gate, new Job("j1"), null);
        World.ScheduleTellOnce(Ns(2), gate, new Job("j2"), null);
        World.ScheduleTellOnce(Ns(3), gate, "open", null);
        World.ScheduleTellOnce(Ns(4), gate, new Job("j3 waited behind open"), null);
        Run();

        probe.ExpectMsg(new Arrived("j1", Ns(10)));
        probe.ExpectMsg(new Arrived("j2", Ns(10)));
        probe.ExpectMsg(new Arrived("j3 waited behind open", Ns(10)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void An_actor_can_close_stash_and_reopen_repeatedly()
    {
        var probe = CreateTestProbe();
        var gate = Spawn(Props.Create(() => new Gate(probe)), "gate");
        gate.Tell(new Job("a"));
        World.ScheduleTellOnce(Ns(1), gate, "open", null);
        World.ScheduleTellOnce(Ns(2), gate, "close", null);
        World.ScheduleTellOnce(Ns(3), gate, new Job("b"), null);
        World.ScheduleTellOnce(Ns(4), gate, new Job("c"), null);
        World.ScheduleTellOnce(Ns(5), gate, "open", null);
        Run();

        probe.ExpectMsg(new Arrived("a", Ns(1)));
        probe.ExpectMsg(new Arrived("b", Ns(5)));
        probe.ExpectMsg(new Arrived("c", Ns(5)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }
}
