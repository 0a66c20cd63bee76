using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Dispatch;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Randomness;
using ActorMigration.Runtime.Supervision;
using ActorMigration.Runtime.Timers;
using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Runtime;

/// <summary>A hierarchy of actors and the one scheduler that runs them in virtual time.</summary>
/// <remarks>
/// Every send becomes an envelope in one priority queue ordered by <see cref="DeliveryKey"/>; <see cref="Step"/>
/// takes the least one, moves <see cref="Now"/> to its time and hands it to its actor. Nothing here reads the
/// wall clock or depends on thread timing, so a system is single-threaded by contract: drive it from one
/// thread (run many systems in parallel for a sweep, never one system from many threads).
/// </remarks>
public sealed class ActorSystem : IDisposable
{
    [ThreadStatic] private static ActorSystem? t_running;
    private static readonly object ResumeMarker = new();

    // No comparer given: the queue then uses DeliveryKey's own IComparable, which the JIT inlines for a struct key.
    private readonly PriorityQueue<Envelope, DeliveryKey> _queue = new();
    private readonly Dictionary<ulong, ActorCell> _liveById = [];
    private readonly Dictionary<ulong, long> _retiredSeq = [];
    private readonly ActorCell _root, _user, _system, _temp, _deadLetters;
    private TraceHash _trace = new();
    private ActorCell? _current;
    private long _externalSeq;
    private long _nowPs;
    private bool _running;

    private ActorSystem(string name, ulong seed, Address address)
    {
        Name = name;
        Address = address;
        Random = new SimRandom(seed);
        EventStream = new EventStream();
        Scheduler = new VirtualScheduler(this);
        var guardian = Props.Create<Guardian>();
        _root = NewCell(null, ActorPath.Root(address), guardian);
        Start(_root);
        _user = SystemChild("user", guardian);
        _system = SystemChild("system", guardian);
        _temp = SystemChild("temp", guardian);
        _deadLetters = SystemChild("deadLetters", Props.Create<DeadLetterActor>());

        ActorCell SystemChild(string childName, Props props) => ActorCell.CellOf(_root.ActorOf(props, childName));
    }

    /// <summary>Creates a system named <paramref name="name"/> whose random streams derive from <paramref name="seed"/>.</summary>
    public static ActorSystem Create(string name, ulong seed = 0, Address? address = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new ArgumentException($"'{name}' is not a valid system name: expected ASCII letters, digits, '-' or '_'", nameof(name));
        return new ActorSystem(name, seed, address ?? Address.Local(name));
    }

    /// <summary>The system's name, the first part of its address.</summary>
    public string Name { get; }

    /// <summary>Where this system lives: the address part of every path in it.</summary>
    public Address Address { get; }

    /// <summary>The current virtual time.</summary>
    public SimTime Now => new(_nowPs);

    /// <summary>The root random stream; fork named sub-streams from it.</summary>
    public SimRandom Random { get; }

    /// <summary>The publish/subscribe bus of this system.</summary>
    public EventStream EventStream { get; }

    /// <summary>Sends messages later in virtual time (Akka's <c>Scheduler</c>).</summary>
    public VirtualScheduler Scheduler { get; }

    /// <summary>Where undeliverable messages go; sending to it publishes a <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters => _deadLetters.Self;

    /// <summary>The running 64-bit hash of every delivery so far.</summary>
    public ulong TraceHash => _trace.Value;

    /// <summary>Messages delivered to actors' behaviours so far.</summary>
    public long DeliveredCount { get; private set; }

    /// <summary>Messages that found no live recipient so far.</summary>
    public long DeadLetterCount { get; private set; }

    /// <summary>Envelopes waiting in the event queue (including timer firings not yet due).</summary>
    public int PendingCount => _queue.Count;

    /// <summary>The time of the earliest pending envelope, or null when the system is quiescent.</summary>
    public SimTime? NextEventTime => TryPeekLive(out var key) ? new SimTime(key.TimePs) : null;

    /// <summary>The actor handling a message on this thread right now, if any (the implicit sender).</summary>
    public static IActorRef? CurrentSelf => t_running?._current?.Self;

    /// <summary>The implicit sender of a <c>Tell</c> issued from outside any actor (TestKit sets its test actor here).</summary>
    public IActorRef? ExternalSender { get; set; }

    /// <summary>The sender of the message being handled on this thread right now, if any.</summary>
    public static IActorRef? CurrentSender => t_running?._current?.CurrentSender;

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _user.ActorOf(props, name);

    /// <summary>Creates an actor under <c>/system</c>, for the runtime's and tools' own actors.</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _system.ActorOf(props, name);

    /// <summary>Creates a short-lived actor under <c>/temp</c> (the asker of an <c>Ask</c>).</summary>
    internal IActorRef TempActorOf(Props props) => _temp.ActorOf(props);

    /// <summary>Stops <paramref name="actor"/> at the current virtual time, ahead of its pending messages.</summary>
    public void Stop(IActorRef actor)
    {
        var cell = ActorCell.CellOf(actor);
        cell.StopRequested = true;
        Post(cell, ResumeMarker, null, 0, EnvelopeKind.Stop, DeliveryPriority.System);
    }

    /// <summary>The live actor at <paramref name="path"/> (without address, e.g. <c>/user/a/b</c>), or null.</summary>
    public IActorRef? Lookup(string path)
    {
        var cell = _root;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var child = cell.ChildCell(name);
            if (child is null) return null;
            cell = child;
        }
        return cell.Self;
    }

    /// <summary>Delivers the earliest pending envelope; false when there is none.</summary>
    public bool Step()
    {
        using var scope = new RunScope(this);
        return StepCore();
    }

    /// <summary>Runs until no envelope is pending (quiescence) or <paramref name="maxDeliveries"/> steps were taken; returns the steps taken.</summary>
    /// <remarks>A system with a periodic timer never becomes quiescent: bound it with <see cref="RunUntil"/> or the step limit.</remarks>
    public long Run(long maxDeliveries = long.MaxValue)
    {
        using var scope = new RunScope(this);
        long steps = 0;
        while (steps < maxDeliveries && StepCore()) steps++;
        return steps;
    }

    /// <summary>Runs every envelope due at or before <paramref name="time"/>, then sets <see cref="Now"/> to it.</summary>
    public long RunUntil(SimTime time) => RunBefore(time.Picoseconds == long.MaxValue ? time.Picoseconds : time.Picoseconds + 1, time);

    /// <summary>Runs every envelope due strictly before <paramref name="time"/>, then sets <see cref="Now"/> to it:
    /// one window <c>[Now, time)</c> of a conservatively synchronised run.</summary>
    public long AdvanceTo(SimTime time) => RunBefore(time.Picoseconds, time);

    /// <summary>Runs until <paramref name="condition"/> holds, no envelope is due by <paramref name="deadline"/>, or the queue empties;
    /// returns whether the condition held. Time does not move past the last delivery.</summary>
    public bool RunWhileNot(Func<bool> condition, SimTime deadline)
    {
        using var scope = new RunScope(this);
        while (!condition())
        {
            if (!TryPeekLive(out var key) || key.TimePs > deadline.Picoseconds) return false;
            StepCore();
        }
        return true;
    }

    /// <summary>Stops every actor; the system cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_root.IsTerminated) return;
        Terminate(_root);
        _queue.Clear();
    }

    private long RunBefore(long limitPs, SimTime newNow)
    {
        if (newNow.Picoseconds < _nowPs) throw new ArgumentOutOfRangeException(nameof(newNow), newNow, $"Virtual time is already {Now}");
        using var scope = new RunScope(this);
        long steps = 0;
        while (TryPeekLive(out var key) && key.TimePs < limitPs)
        {
            StepCore();
            steps++;
        }
        _nowPs = Math.Max(_nowPs, newNow.Picoseconds);
        return steps;
    }

    private bool StepCore()
    {
        if (!TryPeekLive(out _)) return false;
        _queue.TryDequeue(out var envelope, out var key);
        _nowPs = key.TimePs;
        Dispatch(in envelope, in key);
        return true;
    }

    /// <summary>Peeks at the earliest envelope that still means something: firings of cancelled timers are dropped
    /// unseen, so they neither move virtual time nor keep a system from being quiescent.</summary>
    private bool TryPeekLive(out DeliveryKey key)
    {
        while (_queue.TryPeek(out var envelope, out key))
        {
            if (envelope.Kind != EnvelopeKind.Timer || !((TimerEntry)envelope.Message).Cancelled) return true;
            _queue.Dequeue();
        }
        return false;
    }

    private void Dispatch(in Envelope envelope, in DeliveryKey key)
    {
        var cell = envelope.Target;
        switch (envelope.Kind)
        {
            case EnvelopeKind.Stop:
                Terminate(cell);
                return;
            case EnvelopeKind.Resume:
                cell.ResumeScheduled = false;
                DrainMailbox(cell);
                return;
            case EnvelopeKind.Timer when cell.IsTerminated || !cell.TimersIfAny!.OnDue((TimerEntry)envelope.Message):
                return;
            case EnvelopeKind.Terminated when cell.IsTerminated:
                return;
        }
        if (cell.IsTerminated)
        {
            PublishDeadLetter(envelope.Message, envelope.Sender, cell.Self);
            return;
        }
        var item = new MailboxItem(envelope.Message, envelope.Sender, envelope.Kind, key);
        if (cell.BusyUntilPs > _nowPs || cell.BacklogCount > 0 || cell.StopRequested)
        {
            cell.EnqueueBacklog(in item);
            ScheduleResume(cell);
            return;
        }
        Process(cell, in item);
    }

    private void DrainMailbox(ActorCell cell)
    {
        while (!cell.IsTerminated && !cell.StopRequested && cell.BusyUntilPs <= _nowPs && cell.TryDequeueBacklog(out var item))
            Process(cell, in item);
        ScheduleResume(cell);
    }

    /// <summary>Makes sure a busy cell with waiting messages is resumed when its busy period ends.</summary>
    internal void ScheduleResume(ActorCell cell)
    {
        if (cell.ResumeScheduled || cell.IsTerminated || cell.StopRequested || cell.BacklogCount == 0) return;
        cell.ResumeScheduled = true;
        PostFrom(cell, cell, ResumeMarker, null, Math.Max(0, cell.BusyUntilPs - _nowPs), EnvelopeKind.Resume, DeliveryPriority.System);
    }

    private void Process(ActorCell cell, in MailboxItem item)
    {
        var message = item.Message;
        switch (item.Kind)
        {
            case EnvelopeKind.Timer:
                var entry = (TimerEntry)message;
                if (!cell.TimersIfAny!.OnDeliver(entry)) return;
                message = entry.Message;
                break;
            case EnvelopeKind.Terminated:
                var dead = ActorCell.CellOf(((Terminated)message).ActorRef);
                if (!cell.IsWatching(dead)) return;
                cell.Unwatch(dead.Self);
                break;
        }
        var key = item.Key with { TimePs = _nowPs };
        _trace.Fold(in key, cell.Id, message);
        DeliveredCount++;
        if (ReferenceEquals(message, PoisonPill.Instance))
        {
            Terminate(cell);
            return;
        }
        var outer = _current;
        _current = cell;
        cell.CurrentMessage = message;
        cell.CurrentSender = item.Sender;
        cell.CurrentItem = new MailboxItem(message, item.Sender, EnvelopeKind.User, key);
        try
        {
            if (ReferenceEquals(message, Kill.Instance)) throw new ActorKilledException($"{cell.Path} was killed");
            if (!cell.Behavior(message)) cell.Actor.Unhandled(message);
        }
        catch (Exception cause)
        {
            // The supervisor acts outside the failed actor: what it sends is not the failed actor's send.
            _current = outer;
            cell.CurrentMessage = null;
            HandleFailure(cell, cause, message);
        }
        finally
        {
            _current = outer;
            cell.CurrentMessage = null;
            cell.CurrentSender = null;
        }
        if (cell.BacklogCount > 0) ScheduleResume(cell);
    }

    /// <summary>Applies the supervisor's strategy to a failed actor (synchronously, so the outcome is fixed by the order of deliveries).</summary>
    private void HandleFailure(ActorCell failed, Exception cause, object? message)
    {
        if (failed.IsTerminated) return;
        var parent = failed.ParentCell;
        if (parent is null)
        {
            Publish(new ActorFailed(failed.Self, cause, Directive.Stop));
            Terminate(failed);
            return;
        }
        var strategy = parent.Strategy;
        var directive = strategy.Decider(cause);
        if (directive == Directive.Restart && !RestartPermitted(strategy, parent, failed))
            directive = Directive.Stop;
        if (directive == Directive.Escalate && IsGuardian(parent)) directive = Directive.Stop;
        Publish(new ActorFailed(failed.Self, cause, directive));
        var targets = strategy.AppliesToAllChildren && directive is Directive.Restart or Directive.Stop
            ? parent.ChildCells.ToArray()
            : [failed];
        switch (directive)
        {
            case Directive.Resume:
                break;
            case Directive.Restart:
                foreach (var child in targets) Restart(child, cause, child == failed ? message : null);
                break;
            case Directive.Stop:
                foreach (var child in targets) Terminate(child);
                break;
            case Directive.Escalate:
                HandleFailure(parent, cause, null);
                break;
        }
    }

    /// <summary>Counts a restart against the budget: the failed child's own, or (all-for-one, as in Akka) every child's,
    /// since every child restarts; denied if any of them is over budget.</summary>
    private bool RestartPermitted(SupervisorStrategy strategy, ActorCell parent, ActorCell failed)
    {
        if (!strategy.AppliesToAllChildren) return strategy.RequestRestartPermission(ref failed.RestartStats, Now);
        var permitted = true;
        foreach (var child in parent.ChildCells)
            permitted &= strategy.RequestRestartPermission(ref child.RestartStats, Now);
        return permitted;
    }

    private bool IsGuardian(ActorCell cell) => cell == _root || cell == _user || cell == _system || cell == _temp;

    private void Restart(ActorCell cell, Exception cause, object? message)
    {
        if (cell.IsTerminated) return;
        var outer = _current;
        _current = cell;
        try
        {
            try
            {
                cell.ActorOrNull?.PreRestart(cause, message);
            }
            catch (Exception preRestartFailure)
            {
                Publish(new ActorFailed(cell.Self, preRestartFailure, Directive.Restart));
            }
            cell.ResetForRestart();
            cell.CreateInstance();
            cell.Actor.PostRestart(cause);
        }
        catch (Exception initFailure)
        {
            _current = outer; // as for any failure: the stop is the supervisor's act, not the failed actor's
            Publish(new ActorFailed(cell.Self, new ActorInitializationException($"{cell.Path} failed to restart: {initFailure.Message}", initFailure), Directive.Stop));
            Terminate(cell);
        }
        finally
        {
            _current = outer;
        }
    }

    /// <summary>Creates the cell for a new actor at <paramref name="path"/>, continuing the send counter of a previous incarnation.</summary>
    internal ActorCell NewCell(ActorCell? parent, ActorPath path, Props props)
    {
        var id = StableHash.Of(path.ToStringWithoutAddress());
        if (_liveById.TryGetValue(id, out var other))
            throw new InvalidOperationException($"Actor ids of {other.Path} and {path} collide; rename one of them");
        _retiredSeq.Remove(id, out var firstSeq);
        var cell = new ActorCell(this, parent, path, props, id, firstSeq);
        _liveById.Add(id, cell);
        return cell;
    }

    /// <summary>Creates the actor instance of a new cell and runs its PreStart; a failure stops it at once.</summary>
    internal void Start(ActorCell cell)
    {
        Exception? cause = null;
        using (new ActingScope(this, cell))
        {
            try
            {
                cell.CreateInstance();
                cell.Actor.PreStart();
            }
            catch (Exception e)
            {
                cause = e;
            }
        }
        if (cause is null) return;
        var failure = cause as ActorInitializationException ?? new ActorInitializationException($"{cell.Path} failed to start: {cause.Message}", cause);
        Publish(new ActorFailed(cell.Self, failure, Directive.Stop));
        Terminate(cell);
    }

    /// <summary>Stops a cell now: children first, then PostStop, then Terminated to its watchers.</summary>
    internal void Terminate(ActorCell cell)
    {
        if (cell.IsTerminated || cell.IsTerminating) return;
        cell.BeginTermination();
        foreach (var child in cell.ChildCells.ToArray()) Terminate(child);
        using (new ActingScope(this, cell))
        {
            try
            {
                cell.ActorOrNull?.PostStop();
            }
            catch (Exception cause)
            {
                Publish(new ActorFailed(cell.Self, cause, Directive.Stop));
            }
        }
        cell.MarkTerminated(out var watchers, out var undelivered);
        // As Akka does: a dead subscriber would turn every event into a dead letter, and a dead DeadLetter subscriber into an endless loop.
        EventStream.Unsubscribe(cell.Self);
        foreach (var item in undelivered)
            if (item.Kind == EnvelopeKind.User) PublishDeadLetter(item.Message, item.Sender, cell.Self);
        if (watchers is not null)
            foreach (var watcher in watchers)
                PostFrom(cell, watcher, new Terminated(cell.Self), null, 0, EnvelopeKind.Terminated);
        cell.ParentCell?.RemoveChild(cell);
        _liveById.Remove(cell.Id);
        if (cell.ParentCell != _temp) _retiredSeq[cell.Id] = cell.SendSeq;
    }

    /// <summary>Queues a message from whatever is running now (an actor, or code outside the system).</summary>
    internal void Post(ActorCell target, object message, IActorRef? sender, long delayPs, EnvelopeKind kind, int priority = DeliveryPriority.Normal)
    {
        var from = _current;
        DeliveryKey key = from is null
            ? new(_nowPs + delayPs, priority, 0, _externalSeq++)
            : new(_nowPs + delayPs, priority, from.Id, from.SendSeq++);
        _queue.Enqueue(new Envelope(target, message, sender, kind), key);
    }

    /// <summary>Queues a message on behalf of <paramref name="from"/> (timers, Terminated, mailbox resumption).</summary>
    internal void PostFrom(ActorCell from, ActorCell target, object message, IActorRef? sender, long delayPs, EnvelopeKind kind, int priority = DeliveryPriority.Normal)
    {
        var key = new DeliveryKey(_nowPs + delayPs, priority, from.Id, from.SendSeq++);
        _queue.Enqueue(new Envelope(target, message, sender, kind), key);
    }

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        DeadLetterCount++;
        if (EventStream.HasSubscribers(typeof(DeadLetter))) EventStream.Publish(new DeadLetter(message, sender, recipient));
    }

    private void Publish(object @event)
    {
        if (EventStream.HasSubscribers(@event.GetType())) EventStream.Publish(@event);
    }

    /// <summary>Runs actor code of one cell (PreStart, PostStop) that may be reached from outside <see cref="Run"/>,
    /// e.g. an <c>ActorOf</c> or <c>Dispose</c> called by a test: its sends are keyed by the cell, so its implicit sender must be the cell too.</summary>
    private readonly ref struct ActingScope
    {
        private readonly ActorSystem _system;
        private readonly ActorCell? _outerCell;
        private readonly ActorSystem? _outerSystem;

        public ActingScope(ActorSystem system, ActorCell cell)
        {
            _system = system;
            _outerCell = system._current;
            _outerSystem = t_running;
            system._current = cell;
            t_running = system;
        }

        public void Dispose()
        {
            _system._current = _outerCell;
            t_running = _outerSystem;
        }
    }

    /// <summary>Marks this system as the one running on this thread, for implicit senders.</summary>
    private readonly ref struct RunScope
    {
        private readonly ActorSystem? _outer;
        private readonly ActorSystem _system;

        public RunScope(ActorSystem system)
        {
            if (system._running) throw new InvalidOperationException($"Actor system '{system.Name}' is already running: it cannot be driven from inside one of its own actors");
            _system = system;
            _outer = t_running;
            t_running = system;
            system._running = true;
        }

        public void Dispose()
        {
            t_running = _outer;
            _system._running = false;
        }
    }
}
