using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary><c>Context.Occupy</c>: a busy actor takes no message until its busy period ends; what arrived meanwhile waits
/// in its mailbox and is handled in arrival order; busy periods booked back to back add up.</summary>
public sealed class BusyActorTests : SimulationTestKit
{
    private static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);

    /// <summary>Work: be busy for each of <paramref name="Spans"/> in turn.</summary>
    private sealed record Job(string Name, params SimTime[] Spans);

    /// <summary>What a worker reports when it starts a job: when, and until when it is then busy.</summary>
    private sealed record Started(string Name, SimTime At, SimTime BusyUntil);

    /// <summary>Reports each job when it starts it, after booking the job's busy spans; or gets busy and then tells a peer.</summary>
    private sealed class Worker : ReceiveActor
    {
        public Worker(IActorRef probe)
        {
            Receive<Job>(job =>
            {
                foreach (var span in job.Spans) Context.Occupy(span);
                probe.Tell(new Started(job.Name, Context.Now(), Context.BusyUntil()));
            });
            Receive<(SimTime Busy, IActorRef To, string Message)>(m =>
            {
                Context.Occupy(m.Busy);
                m.To.Tell(m.Message);
            });
        }
    }

    private IActorRef SpawnWorker(IActorRef probe) => Spawn(Props.Create(() => new Worker(probe)), "worker");

    [Fact]
    public void A_message_to_a_busy_actor_waits_until_the_busy_period_ends()
    {
        var probe = CreateTestProbe();
        var worker = SpawnWorker(probe);
        worker.Tell(new Job("first", Ns(100)));
        World.ScheduleTellOnce(Ns(30), worker, new Job("second"), null);

        RunUntil(Ns(99));
        probe.ExpectMsg(new Started("first", SimTime.Zero, Ns(100)));
        probe.ExpectNoMsg(TimeSpan.Zero);

        RunUntil(Ns(100));
        probe.ExpectMsg(new Started("second", Ns(100), Ns(100)));
        Run();
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Messages_that_waited_are_handled_in_arrival_order_not_in_send_order()
    {
        var probe = CreateTestProbe();
        var worker = SpawnWorker(probe);
        worker.Tell(new Job("first", Ns(100)));
        // Sent in this order, arriving in the opposite one, all while the worker is busy.
        World.ScheduleTellOnce(Ns(60), worker, new Job("sent 1st, arrives at 60 ns", Ns(10)), null);
        World.ScheduleTellOnce(Ns(40), worker, new Job("sent 2nd, arrives at 40 ns", Ns(10)), null);
        World.ScheduleTellOnce(Ns(20), worker, new Job("sent 3rd, arrives at 20 ns", Ns(10)), null);
        Run();

        probe.ExpectMsg(new Started("first", SimTime.Zero, Ns(100)));
        probe.ExpectMsg(new Started("sent 3rd, arrives at 20 ns", Ns(100), Ns(110)));
        probe.ExpectMsg(new Started("sent 2nd, arrives at 40 ns", Ns(110), Ns(120)));
        probe.ExpectMsg(new Started("sent 1st, arrives at 60 ns", Ns(120), Ns(130)));
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ns(120), World.Now);
    }

    [Fact]
    public void Busy_periods_add_up_within_a_message_and_across_waiting_messages()
    {
        var probe = CreateTestProbe();
        var worker = SpawnWorker(probe);
        worker.Tell(new Job("two spans", Ns(10), Ns(15)));
        World.ScheduleTellOnce(Ns(5), worker, new Job("arrives while busy", Ns(5)), null);
        Run();

        probe.ExpectMsg(new Started("two spans", SimTime.Zero, Ns(25)));
        probe.ExpectMsg(new Started("arrives while busy", Ns(25), Ns(30)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void An_idle_actor_is_busy_from_now_not_from_its_last_busy_period()
    {
        var probe = CreateTestProbe();
        var worker = SpawnWorker(probe);
        worker.Tell(new Job("early", Ns(10)));
        World.ScheduleTellOnce(SimTime.FromMicroseconds(1), worker, new Job("idle", SimTime.Zero), null);
        World.ScheduleTellOnce(SimTime.FromMicroseconds(2), worker, new Job("late", Ns(5)), null);
        Run();

        probe.ExpectMsg(new Started("early", SimTime.Zero, Ns(10)));
        probe.ExpectMsg(new Started("idle", SimTime.FromMicroseconds(1), SimTime.FromMicroseconds(1)));
        probe.ExpectMsg(new Started("late", SimTime.FromMicroseconds(2), SimTime.FromMicroseconds(2) + Ns(5)));
    }

    [Fact]
    public void A_busy_actors_own_sends_leave_when_it_sends_them_not_when_its_busy_period_ends()
    {
        var probe = CreateTestProbe();
        var worker = SpawnWorker(probe);
        var recorder = Spawn(Support.Recorder.Props(probe), "recorder");
        World.ScheduleTellOnce(Ns(7), worker, (Ns(100), recorder, "sent at the start of 100 ns of work"), null);
        Run();

        probe.ExpectMsg(new Support.Arrived("sent at the start of 100 ns of work", Ns(7)));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_message_arriving_exactly_when_the_busy_period_ends_is_handled_then()
    {
        var probe = CreateTestProbe();
        var worker = SpawnWorker(probe);
        worker.Tell(new Job("first", Ns(100)));
        World.ScheduleTellOnce(Ns(100), worker, new Job("on the dot"), null);
        Run();

        probe.ExpectMsg(new Started("first", SimTime.Zero, Ns(100)));
        probe.ExpectMsg(new Started("on the dot", Ns(100), Ns(100)));
    }
}
