using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>Stash, Unstash and UnstashAll: order kept, unstashed messages ahead of later ones, stash to dead letters on stop.</summary>
public sealed class StashTests : TestKitBase
{
    private sealed record Work(int N);
    private sealed record OpenOne;
    private sealed record OpenAll;
    private sealed record Fail;
    private sealed record Count;

    /// <summary>Stashes <see cref="Work"/> while closed; <see cref="OpenAll"/> unstashes everything and opens;
    /// <see cref="OpenOne"/> unstashes just the oldest. Open, it reports each Work to <c>report</c>.</summary>
    private sealed class Gate : ReceiveActor
    {
        private readonly IActorRef _report;

        public Gate(IActorRef report)
        {
            _report = report;
            Closed();
        }

        private void Closed()
        {
            Receive<Work>(_ => Stash.Stash());
            Receive<OpenAll>(_ =>
            {
                Stash.UnstashAll();
                Become(Opened);
            });
            Receive<OpenOne>(_ => Stash.Unstash());
            Receive<Count>(_ => Sender.Tell(Stash.Count));
            Receive<Fail>(_ => throw new InvalidOperationException("gate failed"));
            Receive<string>(_ => Sender.Tell(Stash.ClearStash()), s => s == "clear");
        }

        private void Opened() => Receive<Work>(w => _report.Tell(w));
    }

    /// <summary>Stashes twice in one message: a programming error.</summary>
    private sealed class DoubleStasher : ActorBase
    {
        protected internal override bool Receive(object message)
        {
            Stash.Stash();
            Sender.Tell(Record.Exception(() => Stash.Stash())!);
            return true;
        }
    }

    [Fact]
    public void UnstashAll_replays_stashed_messages_in_order_ahead_of_later_messages()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor.Ref)), "gate");
        for (var i = 1; i <= 3; i++) gate.Tell(new Work(i));
        gate.Tell(new OpenAll());
        gate.Tell(new Work(4));
        Assert.Equal([1, 2, 3, 4], ReceiveN(4).Cast<Work>().Select(w => w.N));
    }

    [Fact]
    public void Unstashed_messages_go_ahead_of_messages_already_queued_for_the_same_time()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor.Ref)), "gate");
        gate.Tell(new Work(1));
        gate.Tell(new Work(2));
        Sys.Run();
        // OpenAll and Work(3) are both pending at the same time before the unstash happens.
        gate.Tell(new OpenAll());
        gate.Tell(new Work(3));
        Assert.Equal([1, 2, 3], ReceiveN(3).Cast<Work>().Select(w => w.N));
    }

    [Fact]
    public void Unstash_puts_back_only_the_oldest()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor.Ref)), "gate");
        for (var i = 1; i <= 3; i++) gate.Tell(new Work(i));
        gate.Tell(new OpenOne()); // Work(1) is unstashed, and stashed again while still closed
        gate.Tell(new Count());
        ExpectMsg(3);
        gate.Tell(new OpenAll());
        // The re-stashed Work(1) went to the back of the stash.
        Assert.Equal([2, 3, 1], ReceiveN(3).Cast<Work>().Select(w => w.N));
    }

    [Fact]
    public void Stashed_messages_keep_their_sender()
    {
        var gate = Sys.ActorOf(Props.Create(() => new ForwardingGate()), "gate");
        var probe = CreateTestProbe();
        gate.Tell(new Work(1), probe.Ref);
        gate.Tell(new OpenAll());
        probe.ExpectMsg<Work>(w => w.N == 1);
        Assert.Equal(gate, probe.LastSender);
    }

    /// <summary>Replies to each Work's original sender once open.</summary>
    private sealed class ForwardingGate : ReceiveActor
    {
        public ForwardingGate()
        {
            Receive<Work>(_ => Stash.Stash());
            Receive<OpenAll>(_ =>
            {
                Stash.UnstashAll();
                Become(() => Receive<Work>(w => Sender.Tell(w)));
            });
        }
    }

    [Fact]
    public void ClearStash_drops_the_stash_and_says_how_many_it_held()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor.Ref)), "gate");
        gate.Tell(new Work(1));
        gate.Tell(new Work(2));
        gate.Tell("clear");
        ExpectMsg(2);
        gate.Tell(new OpenAll());
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Stopping_sends_the_stash_to_dead_letters_in_order()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor.Ref)), "gate");
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        for (var i = 1; i <= 3; i++) gate.Tell(new Work(i));
        gate.Tell(PoisonPill.Instance);
        var dead = deadLetters.ReceiveN(3).Cast<DeadLetter>().ToList();
        Assert.Equal([1, 2, 3], dead.Select(d => ((Work)d.Message).N));
        Assert.All(dead, d => Assert.Equal(gate, d.Recipient));
        Assert.All(dead, d => Assert.Equal(TestActor.Ref, d.Sender));
    }

    [Fact]
    public void A_restart_unstashes_into_the_fresh_instance()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate(TestActor.Ref)), "gate");
        gate.Tell(new Work(1));
        gate.Tell(new Work(2));
        gate.Tell(new Fail());   // restart: the stash goes back to the mailbox, and is stashed again by the new instance
        gate.Tell(new Count());
        ExpectMsg(2);
        gate.Tell(new OpenAll());
        Assert.Equal([1, 2], ReceiveN(2).Cast<Work>().Select(w => w.N));
    }

    [Fact]
    public void Stashing_the_same_message_twice_is_an_error()
    {
        var stasher = Sys.ActorOf(Props.Create<DoubleStasher>(), "stasher");
        stasher.Tell("once");
        Assert.IsType<InvalidOperationException>(ExpectMsg<Exception>());
    }

    [Fact]
    public void Stash_outside_message_handling_is_an_error()
    {
        var probe = CreateTestProbe();
        Sys.ActorOf(Props.Create(() => new StashInPreStart(probe.Ref)), "early");
        Assert.IsType<InvalidOperationException>(probe.ExpectMsg<Exception>());
    }

    private sealed class StashInPreStart(IActorRef report) : ActorBase
    {
        protected internal override void PreStart() => report.Tell(Record.Exception(() => Stash.Stash())!);

        protected internal override bool Receive(object message) => false;
    }
}
