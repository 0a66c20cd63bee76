using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>DeathWatch in virtual time: <c>Terminated</c> reaches a watching parent at the virtual time of the stop, and
/// never after an <c>Unwatch</c>; <c>PoisonPill</c> stops an actor after what was sent before it.</summary>
public sealed class DeathWatchTests : SimulationTestKit
{
    private static SimTime Us(long us) => SimTime.FromMicroseconds(us);

    /// <summary>A child that stops itself on "stop yourself".</summary>
    private sealed class Mortal : ReceiveActor
    {
        public Mortal() => Receive<string>(s => s == "stop yourself", _ => Context.Stop(Self));
    }

    /// <summary>Creates and watches a child; "stop it" stops the child, "unwatch" unwatches it, "poke" forwards "stop yourself";
    /// reports each Terminated (by child name) with its virtual time.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe)
        {
            var child = Context.Watch(Context.ActorOf(Props.Create<Mortal>(), "child"));
            Receive<string>(s => s == "stop it", _ => Context.Stop(child));
            Receive<string>(s => s == "unwatch", _ => Context.Unwatch(child));
            Receive<string>(s => s == "poke", _ => child.Tell("stop yourself"));
            Receive<Terminated>(t => probe.Tell(new Arrived($"Terminated {t.ActorRef.Path.Name}", Context.Now())));
        }
    }

    [Fact]
    public void A_parent_learns_that_its_child_stopped_itself_at_the_virtual_time_of_the_stop()
    {
        var probe = CreateTestProbe();
        var watcher = Spawn(Props.Create(() => new Watcher(probe)), "watcher");
        World.ScheduleTellOnce(Us(3), watcher, "poke", null);
        Run();

        probe.ExpectMsg(new Arrived("Terminated child", Us(3)));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Us(3), World.Now);
    }

    [Fact]
    public void A_parent_that_stops_its_child_gets_Terminated_at_the_same_virtual_time()
    {
        var probe = CreateTestProbe();
        var watcher = Spawn(Props.Create(() => new Watcher(probe)), "watcher");
        World.ScheduleTellOnce(Us(2), watcher, "stop it", null);

        RunUntil(Us(2) - SimTime.FromPicoseconds(1));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Us(2));
        probe.ExpectMsg(new Arrived("Terminated child", Us(2)));
    }

    [Fact]
    public void After_Unwatch_no_Terminated_arrives()
    {
        var probe = CreateTestProbe();
        var watcher = Spawn(Props.Create(() => new Watcher(probe)), "watcher");
        World.ScheduleTellOnce(Us(1), watcher, "unwatch", null);
        World.ScheduleTellOnce(Us(2), watcher, "stop it", null);
        Run();

        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_probe_watching_a_simulation_actor_sees_it_stop_at_the_virtual_time_of_the_stop()
    {
        var probe = CreateTestProbe();
        var mortal = Spawn(Props.Create<Mortal>(), "mortal");
        probe.Watch(mortal);
        World.ScheduleTellOnce(Us(4), mortal, "stop yourself", null);

        RunUntil(Us(4) - SimTime.FromPicoseconds(1));
        probe.ExpectNoMsg(TimeSpan.Zero);
        RunUntil(Us(4));
        probe.ExpectTerminated(mortal);
    }

    [Fact]
    public void PoisonPill_stops_an_actor_after_the_messages_sent_before_it_and_drops_those_after()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        probe.Watch(recorder);
        World.ScheduleTellOnce(Us(1), recorder, "a", null);
        World.ScheduleTellOnce(Us(1), recorder, "b", null);
        World.ScheduleTellOnce(Us(1), recorder, PoisonPill.Instance, null);
        World.ScheduleTellOnce(Us(1), recorder, "c", null);
        Run();

        probe.ExpectMsg(new Arrived("a", Us(1)));
        probe.ExpectMsg(new Arrived("b", Us(1)));
        probe.ExpectTerminated(recorder);
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Us(1), World.Now);
    }
}
