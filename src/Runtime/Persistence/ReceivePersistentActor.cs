using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Persistence;

/// <summary>A <see cref="PersistentActor"/> whose handlers are declared in its constructor as typed handlers matched in
/// declaration order: <c>Recover&lt;T&gt;</c> for the snapshot offer, events and <see cref="RecoveryCompleted"/>,
/// <c>Command&lt;T&gt;</c> for commands (Akka's <c>ReceivePersistentActor</c>).</summary>
public abstract class ReceivePersistentActor : PersistentActor
{
    private readonly HandlerTable _recover = new();
    private readonly HandlerTable _initialCommands;
    private HandlerTable _building = new();

    /// <summary>Starts declaring the recovery handlers and the initial command handlers.</summary>
    protected ReceivePersistentActor() => _initialCommands = _building;

    /// <summary>Replays messages of type <typeparamref name="T"/> (a <see cref="SnapshotOffer"/>, an event type, or
    /// <see cref="RecoveryCompleted"/>) that satisfy <paramref name="shouldHandle"/> into the state.</summary>
    protected void Recover<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recover.Add<T>(m => { handler(m); return true; }, shouldHandle);
    }

    /// <summary>Replays messages of type <typeparamref name="T"/> when <paramref name="handler"/> returns true; false passes them on.</summary>
    protected void Recover<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _recover.Add(handler);
    }

    /// <summary>Replays any message not matched by an earlier recovery handler.</summary>
    protected void RecoverAny(Action<object> handler) => Recover(handler);

    /// <summary>Handles commands of type <typeparamref name="T"/> (and subtypes) that satisfy <paramref name="shouldHandle"/>.</summary>
    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _building.Add<T>(m => { handler(m); return true; }, shouldHandle);
    }

    /// <summary>Handles commands of type <typeparamref name="T"/> when <paramref name="handler"/> returns true; false passes them on.</summary>
    protected void Command<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _building.Add(handler);
    }

    /// <summary>Handles any command not matched by an earlier handler.</summary>
    protected void CommandAny(Action<object> handler) => Command(handler);

    /// <summary>Replaces the command handlers by those that <paramref name="configure"/> declares with <c>Command</c>.</summary>
    protected void Become(Action configure) => Become(Build(configure).Receive);

    /// <summary>Pushes the command handlers that <paramref name="configure"/> declares.</summary>
    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure).Receive);

    /// <inheritdoc />
    protected sealed override bool ReceiveRecover(object message) => _recover.Receive(message);

    /// <inheritdoc />
    protected sealed override bool ReceiveCommand(object message) => _initialCommands.Receive(message);

    private HandlerTable Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
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
