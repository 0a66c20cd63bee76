using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Collects what must not happen in a clean run: actor failures (an invariant the model checks threw), unhandled
/// messages (a protocol step nobody took) and dead letters.</summary>
public sealed class EventCollector(List<object> events) : ActorBase
{
    /// <summary>Subscribes a new collector in <paramref name="system"/> and returns the list it fills.</summary>
    public static List<object> Attach(ActorSystem system, string name = "event-collector")
    {
        var events = new List<object>();
        var collector = system.SystemActorOf(Props.Create(() => new EventCollector(events)), name);
        system.EventStream.Subscribe(collector, typeof(ActorFailed));
        system.EventStream.Subscribe(collector, typeof(UnhandledMessage));
        system.EventStream.Subscribe(collector, typeof(DeadLetter));
        return events;
    }

    /// <summary>Fails with the collected events, if any.</summary>
    public static void AssertNone(List<object> events) =>
        Assert.True(events.Count == 0, "Unexpected events:\n" + string.Join("\n", events.Take(20).Select(Describe)));

    private static string Describe(object e) => e switch
    {
        ActorFailed f => $"ActorFailed {f.Actor.Path}: {f.Cause.GetType().Name}: {f.Cause.Message} ({f.Directive})",
        UnhandledMessage u => $"Unhandled {u.Message} from {u.Sender?.Path} at {u.Recipient.Path}",
        DeadLetter d => $"DeadLetter {d.Message} from {d.Sender?.Path} to {d.Recipient.Path}",
        _ => e.ToString() ?? "",
    };

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        events.Add(message);
        return true;
    }
}
