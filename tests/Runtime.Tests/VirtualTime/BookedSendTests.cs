using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Tests.Support;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.VirtualTime;

/// <summary>A booked send (<c>Context.BookTellOnce</c>) is delivered like a delayed send, can be taken back until its time comes
/// up, and tells its sender whether it has: a message at the same instant sees it pending exactly when the world's order puts
/// that message first.</summary>
public sealed class BookedSendTests : SimulationTestKit
{
    private static SimTime Ns(long ns) => SimTime.FromNanoseconds(ns);

    private sealed record Book(IActorRef Target, SimTime Delay);

    /// <summary>Books one send on <see cref="Book"/>; on "cancel" takes it back; any other text is answered with whether it is pending.</summary>
    private sealed class Booker(IActorRef probe) : UntypedActor
    {
        private BookedSend? _booked;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Book book:
                    _booked = Context.BookTellOnce(book.Delay, book.Target, "booked");
                    break;
                case "cancel":
                    _booked!.Cancel();
                    break;
                case string asked:
                    probe.Tell($"{asked}: {(_booked!.IsPending ? "pending" : "not pending")}");
                    break;
            }
        }
    }

    [Fact]
    public void A_booked_send_arrives_at_its_time_from_its_sender_and_then_is_no_longer_pending()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var booker = Spawn(Props.Create(() => new Booker(probe)), "booker");
        booker.Tell(new Book(recorder, Ns(10)));
        World.ScheduleTellOnce(Ns(9), booker, "at 9 ns", null);
        World.ScheduleTellOnce(Ns(11), booker, "at 11 ns", null);
        Run();

        probe.ExpectMsg("at 9 ns: pending");
        probe.ExpectMsg(new Arrived("booked", Ns(10)));
        probe.ExpectMsg("at 11 ns: not pending");
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_cancelled_booked_send_is_never_delivered_and_does_not_move_the_clock()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var booker = Spawn(Props.Create(() => new Booker(probe)), "booker");
        booker.Tell(new Book(recorder, Ns(10)));
        World.ScheduleTellOnce(Ns(5), booker, "cancel", null);
        World.ScheduleTellOnce(Ns(6), booker, "at 6 ns", null);
        Run();

        probe.ExpectMsg("at 6 ns: not pending");
        probe.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(Ns(6), World.Now);
        Assert.Null(World.NextEventTime);
    }

    [Fact]
    public void At_the_booked_instant_an_older_senders_message_sees_it_pending_and_a_younger_ones_does_not()
    {
        var probe = CreateTestProbe();
        var recorder = Spawn(Recorder.Props(probe), "recorder");
        var older = Spawn(Props.Create<Sender>(), "older");
        var booker = Spawn(Props.Create(() => new Booker(probe)), "booker");
        var younger = Spawn(Props.Create<Sender>(), "younger");
        booker.Tell(new Book(recorder, Ns(10)));
        younger.Tell(new SendTo(booker, Ns(10), "from younger"));
        older.Tell(new SendTo(booker, Ns(10), "from older"));
        Run();

        // Keys at 10 ns: older's send, the booked send, younger's send (creation order decides at one instant).
        probe.ExpectMsg("from older: pending");
        probe.ExpectMsg(new Arrived("booked", Ns(10)));
        probe.ExpectMsg("from younger: not pending");
        probe.ExpectNoMsg(TimeSpan.Zero);
    }
}
