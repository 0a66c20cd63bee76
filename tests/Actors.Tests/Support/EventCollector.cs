using Akka.Actor;
using Akka.Event;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Collects what must not happen in a clean run: unhandled messages (a protocol step nobody took) and dead letters.
/// (An actor failure needs no collecting: it reaches the simulation root and the world's <c>Run</c> throws it.)</summary>
/// <remarks>A bare reference outside the world, not an actor: the event stream calls it on the thread that publishes (the
/// driver), so nothing is scheduled, and the event stream's unsubscriber can watch it from any thread without touching the world.</remarks>
public sealed class EventCollector : MinimalActorRef
{
    private readonly List<object> _events = [];

    private EventCollector(ActorSystem system, string name)
    {
        Provider = ((ExtendedActorSystem)system).Provider;
        Path = new RootActorPath(Provider.DefaultAddress) / "temp" / name;
    }

    /// <inheritdoc />
    public override ActorPath Path { get; }

    /// <inheritdoc />
    public override IActorRefProvider Provider { get; }

    /// <summary>Subscribes a new collector to the event stream of <paramref name="system"/>.</summary>
    public static EventCollector Attach(ActorSystem system, string name = "event-collector")
    {
        var collector = new EventCollector(system, name);
        system.EventStream.Subscribe(collector, typeof(UnhandledMessage));
        system.EventStream.Subscribe(collector, typeof(DeadLetter));
        return collector;
    }

    /// <summary>Fails with the collected events, if any.</summary>
    public void AssertNone()
    {
        lock (_events)
            Assert.True(_events.Count == 0, "Unexpected events:\n" + string.Join("\n", _events.Take(20).Select(Describe)));
    }

    /// <inheritdoc />
    protected override void TellInternal(object message, IActorRef sender)
    {
        lock (_events) _events.Add(message);
    }

    private static string Describe(object e) => e switch
    {
        UnhandledMessage u => $"Unhandled {u.Message} from {u.Sender?.Path} at {u.Recipient.Path}",
        DeadLetter d => $"DeadLetter {d.Message} from {d.Sender?.Path} to {d.Recipient.Path}",
        _ => e.ToString() ?? "",
    };
}
