namespace ActorMigration.Runtime.Actor;

/// <summary>One behaviour declared as typed handlers: tried in declaration order, with the candidates for each concrete
/// message type cached (what <see cref="ReceiveActor"/>'s <c>Receive&lt;T&gt;</c> declarations build).</summary>
internal sealed class HandlerTable
{
    private readonly List<Handler> _handlers = [];
    private readonly Dictionary<Type, Handler[]> _byType = [];
    private Type? _lastType;
    private Handler[] _lastCandidates = [];

    /// <summary>Adds a handler for messages of type <typeparamref name="T"/> (and subtypes) that satisfy <paramref name="shouldHandle"/>;
    /// <paramref name="handle"/> returning false passes the message on to later handlers.</summary>
    public void Add<T>(Func<T, bool> handle, Predicate<T>? shouldHandle = null)
    {
        _handlers.Add(new Handler<T>(handle, shouldHandle));
        _byType.Clear();
        _lastType = null;
    }

    /// <summary>Offers <paramref name="message"/> to the handlers in declaration order; true when one handled it.</summary>
    public bool Receive(object message)
    {
        var type = message.GetType();
        Handler[] candidates;
        if (ReferenceEquals(type, _lastType)) candidates = _lastCandidates;
        else
        {
            if (!_byType.TryGetValue(type, out candidates!))
                _byType[type] = candidates = _handlers.Where(h => h.MessageType.IsAssignableFrom(type)).ToArray();
            _lastType = type;
            _lastCandidates = candidates;
        }
        foreach (var handler in candidates)
            if (handler.TryHandle(message)) return true;
        return false;
    }

    private abstract class Handler
    {
        public abstract Type MessageType { get; }
        public abstract bool TryHandle(object message);
    }

    private sealed class Handler<T>(Func<T, bool> handle, Predicate<T>? shouldHandle) : Handler
    {
        public override Type MessageType => typeof(T);

        public override bool TryHandle(object message)
        {
            var m = (T)message;
            return (shouldHandle is null || shouldHandle(m)) && handle(m);
        }
    }
}
