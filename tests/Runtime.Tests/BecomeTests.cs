using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>Behaviours: ReceiveActor's Become(Action), BecomeStacked/UnbecomeStacked, and the ActorBase Receive-delegate forms.</summary>
public sealed class BecomeTests : TestKitBase
{
    private sealed record Open;
    private sealed record Close;
    private sealed record Push(string Mood);
    private sealed record Pop;
    private sealed record Query;
    private sealed record Boom;

    /// <summary>Closed: answers "closed" and opens on <see cref="Open"/>. Open: answers "open" and closes on <see cref="Close"/>.
    /// In any state, <see cref="Push"/> stacks a mood that answers its name until <see cref="Pop"/>, and <see cref="Boom"/> fails.</summary>
    private sealed class Door : ReceiveActor
    {
        public Door() => Closed();

        private void Fragile() => Receive<Boom>(_ => throw new InvalidOperationException("boom"));

        private void Closed()
        {
            Fragile();
            Receive<Query>(_ => Sender.Tell("closed"));
            Receive<Open>(_ => Become(Opened));
            Receive<Push>(p => BecomeStacked(() => Mood(p.Mood)));
        }

        private void Opened()
        {
            Fragile();
            Receive<Query>(_ => Sender.Tell("open"));
            Receive<Close>(_ => Become(Closed));
            Receive<Push>(p => BecomeStacked(() => Mood(p.Mood)));
        }

        private void Mood(string mood)
        {
            Fragile();
            Receive<Query>(_ => Sender.Tell(mood));
            Receive<Pop>(_ => UnbecomeStacked());
            Receive<Push>(p => BecomeStacked(() => Mood(p.Mood)));
            Receive<Open>(_ => Become(Opened)); // replaces the top of the stack only
        }
    }

    /// <summary>An ActorBase whose behaviours are plain <see cref="Receive"/> delegates.</summary>
    private sealed class Toggle : ActorBase
    {
        protected internal override bool Receive(object message) => On(message);

        private bool On(object message)
        {
            if (message is not Query) return false;
            Sender.Tell("on");
            Context.Become(Off);
            return true;
        }

        private bool Off(object message)
        {
            if (message is not Query) return false;
            Sender.Tell("off");
            Context.Become(On);
            return true;
        }
    }

    /// <summary>Handlers are matched in declaration order, with predicates, and Func handlers may decline.</summary>
    private sealed class Matcher : ReceiveActor
    {
        public Matcher()
        {
            Receive<int>(n => Sender.Tell("small"), n => n < 10);
            Receive<int>(n =>
            {
                if (n % 2 != 0) return false;
                Sender.Tell("even");
                return true;
            });
            Receive<int>(_ => Sender.Tell("odd"));
            Receive<IComparable>(_ => Sender.Tell("comparable"));
            ReceiveAny(m => Sender.Tell("any " + m.GetType().Name));
        }
    }

    private string Ask(IActorRef actor)
    {
        actor.Tell(new Query());
        return ExpectMsg<string>();
    }

    [Fact]
    public void Become_replaces_the_current_behaviour()
    {
        var door = Sys.ActorOf(Props.Create<Door>(), "door");
        Assert.Equal("closed", Ask(door));
        door.Tell(new Open());
        Assert.Equal("open", Ask(door));
        door.Tell(new Close());
        Assert.Equal("closed", Ask(door));
    }

    [Fact]
    public void A_message_the_current_behaviour_does_not_handle_is_unhandled()
    {
        var door = Sys.ActorOf(Props.Create<Door>(), "door");
        Sys.EventStream.Subscribe(TestActor.Ref, typeof(UnhandledMessage));
        door.Tell(new Close());
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.IsType<Close>(unhandled.Message);
        Assert.Equal(door, unhandled.Recipient);
        Assert.Equal(TestActor.Ref, unhandled.Sender);
    }

    [Fact]
    public void BecomeStacked_pushes_and_UnbecomeStacked_pops_back_to_the_previous_behaviour()
    {
        var door = Sys.ActorOf(Props.Create<Door>(), "door");
        door.Tell(new Open());
        door.Tell(new Push("happy"));
        Assert.Equal("happy", Ask(door));
        door.Tell(new Push("sad"));
        Assert.Equal("sad", Ask(door));
        door.Tell(new Pop());
        Assert.Equal("happy", Ask(door));
        door.Tell(new Pop());
        Assert.Equal("open", Ask(door));
    }

    [Fact]
    public void Become_inside_a_stacked_behaviour_replaces_only_the_top()
    {
        var door = Sys.ActorOf(Props.Create<Door>(), "door");
        door.Tell(new Push("curious"));
        door.Tell(new Open()); // curious -> opened, on top of closed
        Assert.Equal("open", Ask(door));
        door.Tell(new Push("x"));
        door.Tell(new Pop());
        Assert.Equal("open", Ask(door));
    }

    [Fact]
    public void UnbecomeStacked_never_pops_the_initial_behaviour()
    {
        var door = Sys.ActorOf(Props.Create<Door>(), "door");
        door.Tell(new Push("m"));
        door.Tell(new Pop());
        door.Tell(new Push("n"));
        door.Tell(new Pop());
        Assert.Equal("closed", Ask(door));
        Sys.EventStream.Subscribe(TestActor.Ref, typeof(UnhandledMessage));
        door.Tell(new Pop()); // closed has no Pop handler: unhandled, and the behaviour stays
        ExpectMsg<UnhandledMessage>(u => u.Message is Pop);
        Assert.Equal("closed", Ask(door));
    }

    [Fact]
    public void A_restart_returns_to_the_initial_behaviour()
    {
        var door = Sys.ActorOf(Props.Create<Door>(), "door");
        door.Tell(new Open());
        door.Tell(new Push("m"));
        Assert.Equal("m", Ask(door));
        door.Tell(new Boom()); // the default strategy restarts the door
        Assert.Equal("closed", Ask(door));
        Assert.Equal(door, Sys.Lookup("/user/door"));
    }

    [Fact]
    public void Context_Become_works_with_plain_receive_delegates()
    {
        var toggle = Sys.ActorOf(Props.Create<Toggle>(), "toggle");
        Assert.Equal(["on", "off", "on"], new[] { Ask(toggle), Ask(toggle), Ask(toggle) });
    }

    [Theory]
    [InlineData(3, "small")]
    [InlineData(12, "even")]
    [InlineData(13, "odd")]
    [InlineData("text", "comparable")]
    [InlineData(2.5, "comparable")]
    public void ReceiveActor_matches_handlers_in_declaration_order(object message, string expected)
    {
        var matcher = Sys.ActorOf(Props.Create<Matcher>(), "matcher");
        matcher.Tell(message);
        ExpectMsg(expected);
        matcher.Tell(new Query());
        ExpectMsg("any Query");
    }
}
