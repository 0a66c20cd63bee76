using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests;

/// <summary>The EventStream: dead letters, unhandled messages, user events, subscriptions.</summary>
public sealed class EventStreamTests : TestKitBase
{
    private sealed record Note(string Text);
    private sealed record Alarm(string Text) : IAlarm;
    private interface IAlarm;

    private sealed class Picky : ReceiveActor
    {
        public Picky() => Receive<int>(_ => { });
    }

    [Fact]
    public void A_message_to_a_stopped_actor_is_a_dead_letter()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var picky = Sys.ActorOf(Props.Create<Picky>(), "picky");
        Sys.Stop(picky);
        Sys.Run();
        picky.Tell(new Note("late"));
        var dead = deadLetters.ExpectMsg<DeadLetter>();
        Assert.Equal(new DeadLetter(new Note("late"), TestActor.Ref, picky), dead);
        Assert.Equal(1, Sys.DeadLetterCount);
    }

    [Fact]
    public void A_message_to_DeadLetters_is_published_as_a_dead_letter()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        Sys.DeadLetters.Tell(new Note("nowhere"));
        var dead = deadLetters.ExpectMsg<DeadLetter>();
        Assert.Equal(new Note("nowhere"), dead.Message);
        Assert.Equal(TestActor.Ref, dead.Sender);
        Assert.Equal(Sys.DeadLetters, dead.Recipient);
        Assert.Equal("/deadLetters", Sys.DeadLetters.Path.ToStringWithoutAddress());
    }

    [Fact]
    public void Dead_letters_are_counted_without_subscribers()
    {
        var picky = Sys.ActorOf(Props.Create<Picky>(), "picky");
        Sys.Stop(picky);
        Sys.Run();
        for (var i = 0; i < 3; i++) picky.Tell(i);
        Sys.Run();
        Assert.Equal(3, Sys.DeadLetterCount);
    }

    [Fact]
    public void An_unhandled_message_is_published_with_sender_and_recipient()
    {
        Sys.EventStream.Subscribe(TestActor.Ref, typeof(UnhandledMessage));
        var picky = Sys.ActorOf(Props.Create<Picky>(), "picky");
        var probe = CreateTestProbe();
        picky.Tell(new Note("?"), probe.Ref);
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(new UnhandledMessage(new Note("?"), probe.Ref, picky), unhandled);
        Assert.Null(LastSender); // events are published without a sender
        picky.Tell(5);
        ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [Fact]
    public void Subscribers_get_events_assignable_to_their_channel_in_subscription_order()
    {
        var first = CreateTestProbe("first");
        var second = CreateTestProbe("second");
        Assert.True(Sys.EventStream.Subscribe(second.Ref, typeof(IAlarm)));
        Assert.True(Sys.EventStream.Subscribe(first.Ref, typeof(object)));
        Assert.False(Sys.EventStream.Subscribe(first.Ref, typeof(object)));
        Sys.EventStream.Publish(new Alarm("fire"));
        Sys.EventStream.Publish(new Note("just a note"));
        second.ExpectMsg(new Alarm("fire"));
        second.ExpectNoMsg(SimTime.FromMilliseconds(1));
        first.ExpectMsg(new Alarm("fire"));
        first.ExpectMsg(new Note("just a note"));
    }

    [Fact]
    public void Unsubscribe_stops_the_events()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Note));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Alarm));
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref, typeof(Note)));
        Assert.False(Sys.EventStream.Unsubscribe(probe.Ref, typeof(Note)));
        Sys.EventStream.Publish(new Note("a"));
        Sys.EventStream.Publish(new Alarm("b"));
        probe.ExpectMsg(new Alarm("b"));
        Sys.EventStream.Unsubscribe(probe.Ref);
        Sys.EventStream.Publish(new Alarm("c"));
        probe.ExpectNoMsg(SimTime.FromMilliseconds(1));
        Assert.False(Sys.EventStream.HasSubscribers(typeof(Alarm)));
    }

    [Fact]
    public void A_subscriber_that_stops_is_unsubscribed_and_does_not_feed_dead_letters_back_into_the_stream()
    {
        var listener = Sys.ActorOf(Props.Create<Picky>(), "listener");
        Sys.EventStream.Subscribe(listener, typeof(DeadLetter));
        Sys.EventStream.Subscribe(listener, typeof(Note));
        Sys.Stop(listener);
        Sys.Run();
        Assert.False(Sys.EventStream.HasSubscribers(typeof(DeadLetter)));
        Sys.DeadLetters.Tell(new Note("x"));
        Sys.EventStream.Publish(new Note("y"));
        var steps = Sys.Run(maxDeliveries: 1_000);
        Assert.True(steps < 1_000, "a dead subscriber of DeadLetter must not turn each dead letter into another one");
        Assert.Equal(1, Sys.DeadLetterCount);
    }
}
