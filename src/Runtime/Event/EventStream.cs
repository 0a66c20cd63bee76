using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Event;

/// <summary>The system-wide publish/subscribe bus: dead letters, unhandled messages, failures, and user events.</summary>
/// <remarks>Subscribers are kept in subscription order and each event is told to them in that order, at the
/// current virtual time, so publishing is as deterministic as any other send.</remarks>
public sealed class EventStream
{
    private readonly List<(IActorRef Subscriber, Type Channel)> _subscriptions = [];

    /// <summary>True when someone listens for events of <paramref name="type"/>: lets publishers skip building them.</summary>
    public bool HasSubscribers(Type type)
    {
        foreach (var (_, channel) in _subscriptions)
            if (channel.IsAssignableFrom(type)) return true;
        return false;
    }

    /// <summary>Tells <paramref name="subscriber"/> every later event assignable to <paramref name="channel"/>.</summary>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        if (_subscriptions.Contains((subscriber, channel))) return false;
        _subscriptions.Add((subscriber, channel));
        return true;
    }

    /// <summary>Stops telling <paramref name="subscriber"/> events of <paramref name="channel"/>.</summary>
    public bool Unsubscribe(IActorRef subscriber, Type channel) => _subscriptions.Remove((subscriber, channel));

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber) => _subscriptions.RemoveAll(s => s.Subscriber.Equals(subscriber));

    /// <summary>Tells <paramref name="event"/> to every subscriber of a channel it is assignable to.</summary>
    public void Publish(object @event)
    {
        var type = @event.GetType();
        foreach (var (subscriber, channel) in _subscriptions.ToArray())
            if (channel.IsAssignableFrom(type)) subscriber.Tell(@event, null);
    }
}
