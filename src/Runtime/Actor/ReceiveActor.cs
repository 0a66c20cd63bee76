namespace ActorMigration.Runtime.Actor;

/// <summary>An actor whose behaviours are declared as typed handlers, <c>Receive&lt;T&gt;(...)</c>, matched in declaration order (Akka's <c>ReceiveActor</c>).</summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerTable _building = new();
    private readonly HandlerTable _initial;

    /// <summary>Starts declaring the initial behaviour; call <c>Receive</c> in the constructor.</summary>
    protected ReceiveActor() => _initial = _building;

    /// <summary>Handles messages of type <typeparamref name="T"/> (and subtypes) that satisfy <paramref name="shouldHandle"/>.</summary>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        _building.Add<T>(m => { handler(m); return true; }, shouldHandle);

    /// <summary>Handles messages of type <typeparamref name="T"/> when <paramref name="handler"/> returns true; false passes them on.</summary>
    protected void Receive<T>(Func<T, bool> handler) => _building.Add(handler);

    /// <summary>Handles any message not matched by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    /// <summary>Replaces the current behaviour by the handlers that <paramref name="configure"/> declares.</summary>
    protected void Become(Action configure) => Become(Build(configure).Receive);

    /// <summary>Pushes the behaviour that <paramref name="configure"/> declares.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure).Receive);

    /// <inheritdoc />
    protected internal sealed override bool Receive(object message) => _initial.Receive(message);

    private HandlerTable Build(Action configure)
    {
        var outer = _building;
        _building = new HandlerTable();
        try
        {
            configure();
            return _building;
        }
        finally
        {
            _building = outer;
        }
    }
}
