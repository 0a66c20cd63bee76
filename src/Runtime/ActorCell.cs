using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Dispatch;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Randomness;
using ActorMigration.Runtime.Supervision;
using ActorMigration.Runtime.Timers;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Runtime;

/// <summary>The runtime's side of one actor: its place in the hierarchy, behaviour stack, mailbox backlog,
/// watchers, timers and stash. The actor instance changes on restart; the cell stays.</summary>
internal sealed class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? t_constructing;

    private readonly List<ActorCell> _children = [];
    private readonly Dictionary<string, ActorCell> _childrenByName = new(StringComparer.Ordinal);
    private readonly List<Receive> _behaviors = [];
    private List<ActorCell>? _watchers;
    private List<ActorCell>? _watching;
    private Queue<MailboxItem>? _backlog;
    private List<MailboxItem>? _stash;
    private TimerScheduler? _timers;
    private SimRandom? _random;
    private SupervisorStrategy? _strategy;
    private ActorBase? _actor;
    private StashView? _stashView;
    private long _childNameCounter;

    public ActorCell(ActorSystem system, ActorCell? parent, ActorPath path, Props props, ulong id, long firstSeq)
    {
        System = system;
        ParentCell = parent;
        Path = path;
        Props = props;
        Id = id;
        SendSeq = firstSeq;
        Self = new LocalActorRef(this);
    }

    /// <summary>The cell behind a reference to an actor of this process.</summary>
    public static ActorCell CellOf(IActorRef actor) => actor switch
    {
        LocalActorRef local => local.Cell,
        IActorRefProxy proxy => CellOf(proxy.Target),
        null => throw new ArgumentNullException(nameof(actor)),
        _ => throw new NotSupportedException($"{actor.Path} is not an actor of this process"),
    };

    /// <summary>The cell whose actor is being constructed on this thread, for <see cref="ActorBase"/>'s constructor.</summary>
    public static ActorCell? Constructing => t_constructing;

    public ActorSystem System { get; }
    public ActorCell? ParentCell { get; }
    public ActorPath Path { get; }
    public Props Props { get; }
    public LocalActorRef Self { get; }

    /// <summary>The sender id of the total-order key: a stable hash of the path without address, so it is the same on every cluster member.</summary>
    public ulong Id { get; }

    /// <summary>Counts this actor's sends: the senderSeq of the total-order key.</summary>
    public long SendSeq;

    public bool IsTerminated { get; private set; }
    public bool IsTerminating { get; private set; }
    public long BusyUntilPs;
    public bool ResumeScheduled;

    /// <summary>A stop is queued for this actor: it handles nothing more, even from its backlog.</summary>
    public bool StopRequested;
    public IActorRef? CurrentSender;
    public object? CurrentMessage;
    public MailboxItem CurrentItem;
    public ChildRestartStats RestartStats;

    public Receive Behavior => _behaviors[^1];
    public ActorBase Actor => _actor ?? throw new InvalidOperationException($"Actor {Path} has no instance");
    public ActorBase? ActorOrNull => _actor;
    public int BacklogCount => _backlog?.Count ?? 0;
    public IReadOnlyList<ActorCell> ChildCells => _children;

    IActorRef IActorContext.Self => Self;
    public IActorRef Sender => CurrentSender ?? System.DeadLetters;
    public IActorRef Parent => (IActorRef?)ParentCell?.Self ?? Self;
    public SimTime Now => System.Now;
    public SimRandom Random => _random ??= System.Random.Fork(Path.ToStringWithoutAddress());
    public IReadOnlyList<IActorRef> Children => _children.Select(c => (IActorRef)c.Self).ToArray();
    public SimTime BusyUntil => new(Math.Max(BusyUntilPs, System.Now.Picoseconds));
    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);
    public TimerScheduler? TimersIfAny => _timers;
    public IStash Stash => _stashView ??= new StashView(this);

    public SupervisorStrategy Strategy => _strategy ??= Props.SupervisorStrategy ?? Actor.SupervisorStrategy();

    /// <summary>Creates the actor instance for this cell and pushes its initial behaviour.</summary>
    public void CreateInstance()
    {
        var outer = t_constructing;
        t_constructing = this;
        // The previous incarnation is done (its PreRestart has run): if the factory fails, no instance is left for a second PostStop.
        _actor = null;
        try
        {
            _actor = Props.NewActor();
        }
        finally
        {
            t_constructing = outer;
        }
        _behaviors.Clear();
        _behaviors.Add(_actor.Receive);
        _strategy = null;
    }

    public IActorRef? Child(string name) => _childrenByName.TryGetValue(name, out var c) ? c.Self : null;

    public ActorCell? ChildCell(string name) => _childrenByName.GetValueOrDefault(name);

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (IsTerminating || IsTerminated) throw new InvalidOperationException($"{Path} is stopping and cannot create children");
        // Names starting with '$' are the runtime's own (as in Akka): a user-chosen "$1" would collide with a generated one.
        if (name is not null && (name.Length == 0 || name[0] == '$' || name.Contains('/') || name.Contains('#') || name.Contains('@')))
            throw new InvalidActorNameException($"'{name}' is not a valid actor name: expected a non-empty name not starting with '$' and without '/', '#' or '@'");
        name ??= "$" + (++_childNameCounter).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        if (_childrenByName.ContainsKey(name))
            throw new InvalidActorNameException($"{Path} already has a child named '{name}'");
        var child = System.NewCell(this, Path.Child(name), props);
        _children.Add(child);
        _childrenByName.Add(name, child);
        System.Start(child);
        return child.Self;
    }

    public void Stop(IActorRef actor)
    {
        var target = CellOf(actor);
        if (target != this && target.ParentCell != this)
            throw new InvalidOperationException($"{Path} can stop only itself or its children, not {actor.Path}");
        target.StopRequested = true;
        System.PostFrom(this, target, target, null, 0, EnvelopeKind.Stop, DeliveryPriority.System);
    }

    /// <summary>Stops a child synchronously (used by the default PreRestart).</summary>
    public void StopChildNow(IActorRef child) => System.Terminate(CellOf(child));

    public IActorRef Watch(IActorRef subject)
    {
        var target = CellOf(subject);
        if (target == this) return subject;
        _watching ??= [];
        if (_watching.Contains(target)) return subject;
        _watching.Add(target);
        // Keyed by the watcher, not the dead actor: a new incarnation at the dead actor's path continues its send counter,
        // so a number drawn from the dead cell could repeat a key and let issue order decide.
        if (target.IsTerminated) System.PostFrom(this, this, new Terminated(target.Self), null, 0, EnvelopeKind.Terminated);
        else (target._watchers ??= []).Add(this);
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = CellOf(subject);
        if (_watching?.Remove(target) == true) target._watchers?.Remove(this);
        return subject;
    }

    public bool IsWatching(ActorCell target) => _watching?.Contains(target) == true;

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors[^1] = receive;
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviors.Add(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 1) _behaviors.RemoveAt(_behaviors.Count - 1);
    }

    public void Occupy(SimTime duration)
    {
        if (duration < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "Busy time cannot be negative");
        BusyUntilPs = checked(Math.Max(BusyUntilPs, System.Now.Picoseconds) + duration.Picoseconds);
    }

    public void EnqueueBacklog(in MailboxItem item) => (_backlog ??= new()).Enqueue(item);

    public bool TryDequeueBacklog(out MailboxItem item)
    {
        item = default;
        return _backlog is not null && _backlog.TryDequeue(out item);
    }

    public void PublishUnhandled(object message)
    {
        if (System.EventStream.HasSubscribers(typeof(UnhandledMessage)))
            System.EventStream.Publish(new UnhandledMessage(message, CurrentSender, Self));
    }

    /// <summary>Detaches everything this cell holds at termination, handing undelivered messages to dead letters.</summary>
    public void MarkTerminated(out List<ActorCell>? watchers, out IEnumerable<MailboxItem> undelivered)
    {
        IsTerminated = true;
        _timers?.CancelAll();
        watchers = _watchers;
        _watchers = null;
        if (_watching is not null)
            foreach (var target in _watching) target._watchers?.Remove(this);
        _watching = null;
        undelivered = [.. _stash ?? [], .. _backlog ?? new Queue<MailboxItem>()];
        _stash = null;
        _backlog = null;
    }

    public void BeginTermination() => IsTerminating = true;

    public void RemoveChild(ActorCell child)
    {
        _children.Remove(child);
        _childrenByName.Remove(child.Path.Name);
    }

    /// <summary>Moves stashed messages to the front of the mailbox backlog, in stash order.</summary>
    public void UnstashToFront(int count)
    {
        if (_stash is null || count == 0) return;
        var moved = _stash.GetRange(0, count);
        _stash.RemoveRange(0, count);
        var rest = _backlog ?? new Queue<MailboxItem>();
        _backlog = new Queue<MailboxItem>(moved.Concat(rest));
        System.ScheduleResume(this);
    }

    /// <summary>Forgets the behaviour stack, timers and unstashes everything, as a restart does.</summary>
    public void ResetForRestart()
    {
        _timers?.CancelAll();
        UnstashToFront(_stash?.Count ?? 0);
    }

    public override string ToString() => Path.ToString();

    private sealed class StashView(ActorCell cell) : IStash
    {
        public int Count => cell._stash?.Count ?? 0;

        public void Stash()
        {
            if (cell.CurrentMessage is null) throw new InvalidOperationException("Stash() is allowed only while handling a message");
            var stash = cell._stash ??= [];
            if (stash.Count > 0 && ReferenceEquals(stash[^1].Message, cell.CurrentMessage) && stash[^1].Key == cell.CurrentItem.Key)
                throw new InvalidOperationException($"{cell.Path} stashed the same message twice");
            stash.Add(cell.CurrentItem);
        }

        public void Unstash() => cell.UnstashToFront(Math.Min(1, Count));

        public void UnstashAll() => cell.UnstashToFront(Count);

        public int ClearStash()
        {
            var n = Count;
            cell._stash?.Clear();
            return n;
        }
    }
}
