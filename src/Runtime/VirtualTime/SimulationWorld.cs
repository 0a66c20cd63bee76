using System.Reflection;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Randomness;
using ActorMigration.Runtime.Tracing;
using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Dispatch;
using Akka.Dispatch.SysMsg;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The virtual time of one simulation <c>ActorSystem</c>: its clock in picoseconds, the one event heap that holds
/// every send, system message and timer of its simulation actors, and the driver that executes them in key order.</summary>
/// <remarks>
/// Every event is keyed <c>(deliveryTime, priority, senderId, senderSeq)</c>, the sender being the simulation actor running
/// at the time (ids in creation order) or "outside" (id 0) for the code driving the world. Nothing depends on threads,
/// hash iteration or Akka's uids, so the same program and seed give the same order and the same <see cref="TraceHash"/>.
/// One thread drives the world: the one that last called a method of it while it was idle. What would break determinism is
/// refused with a <see cref="DeterminismViolationException"/> on that thread: a send from another thread (a <c>PipeTo</c> of a
/// real task, an async continuation), an async receive that awaits, a simulation actor without the simulation dispatcher, a
/// restart window read from the wall clock. A failure that reaches the simulation root ends the run with a
/// <see cref="SimulationFailedException"/>.
/// </remarks>
public sealed partial class SimulationWorld : IDisposable
{
    /// <summary>The id of the simulation dispatcher in a simulation system's HOCON.</summary>
    public const string DispatcherId = "actormigration.simulation-dispatcher";

    /// <summary>The name of the simulation root under <c>/user</c>.</summary>
    public const string RootName = "sim";

    // Akka's mailbox state is internal; these read it (as delegates: no reflection cost per call) so that a plain message to an
    // idle actor skips the mailbox's run loop and its atomic operations, and an awaiting actor is noticed.
    private static readonly Func<Mailbox, int> MailboxStatus = MailboxReader<Func<Mailbox, int>>("CurrentStatus");

    // Akka keeps an actor instance and its strategy internal; only a Failed (rare) reads them, to refuse wall-clock windows.
    private static readonly PropertyInfo ActorInstance = typeof(ActorCell).GetProperty("Actor", BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly PropertyInfo StrategyOf = typeof(ActorBase)
        .GetProperty("SupervisorStrategyInternal", BindingFlags.Instance | BindingFlags.NonPublic)!;

    private readonly EventHeap _heap = new();
    private readonly WorldShard _unsharded = new(-1);
    private readonly SortedDictionary<int, WorldShard> _shards = [];
    private WorldShard _outside;
    private ulong _nextId = 1;
    private SimulationMailbox? _current, _runNow, _draining;
    private volatile int _driverThread = Environment.CurrentManagedThreadId;
    private bool _running, _disposed;
    private Exception? _violation;
    private ActorSystem? _system;
    private bool _ownsSystem;
    private ActorCell? _rootCell;

    internal SimulationWorld(ulong seed)
    {
        Seed = seed;
        Random = new SimRandom(seed);
        _outside = _unsharded;
    }

    /// <summary>Creates a simulation <c>ActorSystem</c> named <paramref name="name"/> seeded with <paramref name="seed"/>; disposing
    /// the world terminates it.</summary>
    public static SimulationWorld Create(string name, ulong seed)
    {
        var world = Of(ActorSystem.Create(name, SimulationConfig.Lean.WithFallback(SimulationConfig.For(seed))));
        world._ownsSystem = true;
        return world;
    }

    /// <summary>The world of a simulation system (one built with <see cref="SimulationConfig"/>).</summary>
    public static SimulationWorld Of(ActorSystem system)
    {
        var world = (system.Scheduler as VirtualTimeScheduler)?.World
            ?? throw new ArgumentException($"Actor system '{system.Name}' is not a simulation system: build its configuration with {nameof(SimulationConfig)}.{nameof(SimulationConfig.For)}", nameof(system));
        world._system ??= system;
        return world;
    }

    /// <summary>The seed every random stream of the world derives from.</summary>
    public ulong Seed { get; }

    /// <summary>The world's root random stream.</summary>
    public SimRandom Random { get; }

    /// <summary>The Akka system this world is the clock of.</summary>
    public ActorSystem System => _system ?? throw new InvalidOperationException("The world has no actor system yet");

    /// <summary>The current virtual time.</summary>
    public SimTime Now => new(NowPs);

    /// <summary>The current virtual time in picoseconds.</summary>
    internal long NowPs;

    /// <summary>The running 64-bit hash of every delivery so far; once shards are used, their hashes combined in shard order
    /// (<see cref="WorldShard.CombinedTraceHash"/>), what the simulation root handled left out.</summary>
    public ulong TraceHash => _shards.Count == 0 ? _unsharded.TraceHash : WorldShard.CombinedTraceHash(_shards.Values.Select(s => (s.Index, s.TraceHash)));

    /// <summary>User messages delivered to simulation actors so far.</summary>
    public long DeliveredCount { get; private set; }

    /// <summary>The shards this world holds, in shard order.</summary>
    public IEnumerable<WorldShard> Shards => _shards.Values;

    /// <summary>From now on, code outside the world acts for shard <paramref name="index"/>: the actors it creates belong to it and
    /// its sends are numbered in it.</summary>
    public WorldShard UseShard(int index)
    {
        Enter();
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "Shards are numbered from 0");
        if (!_shards.TryGetValue(index, out var shard)) _shards[index] = shard = new WorldShard(index);
        return _outside = shard;
    }

    /// <summary>Events waiting in the heap (cancelled timers included until they come up).</summary>
    public int PendingCount => _heap.Count;

    /// <summary>The time of the earliest pending event, or null when the world is quiescent.</summary>
    public SimTime? NextEventTime
    {
        get
        {
            Enter();
            return TryPeekLive(out var key) ? new SimTime(key.TimePs) : null;
        }
    }

    /// <summary>The simulation root: the parent and supervisor of every top-level simulation actor.</summary>
    public IActorRef Root => RootCell.Self;

    /// <summary>The dispatcher of this world's actors.</summary>
    internal SimulationDispatcher Dispatcher { get; set; } = null!;

    /// <summary>The simulation actor running now, or null when code outside the world runs.</summary>
    internal SimulationMailbox? CurrentMailbox => _current;

    private ActorCell RootCell => _rootCell ??= StartRoot();

    /// <summary>Creates a simulation actor under the root (at once: the returned ref takes messages, which the actor handles
    /// after its creation, as the driver reaches them).</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        Enter();
        return RootCell.ActorOf(props, name);
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> after <paramref name="delay"/> of virtual time,
    /// at picosecond resolution, as a send of the running simulation actor (or of the outside when none runs).</summary>
    public void ScheduleTellOnce(SimTime delay, IActorRef receiver, object message, IActorRef? sender)
    {
        if (delay < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A message cannot be delivered in the past");
        ScheduleTell(delay.Picoseconds, receiver, message, sender, 0, null);
    }

    /// <summary>Like <see cref="ScheduleTellOnce"/>, but the send can be taken back until its time comes up, and its sender can
    /// tell whether it has (see <see cref="BookedSend"/>).</summary>
    public BookedSend BookTellOnce(SimTime delay, IActorRef receiver, object message, IActorRef? sender)
    {
        if (delay < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A message cannot be delivered in the past");
        var booked = new BookedSend();
        ScheduleTell(delay.Picoseconds, receiver, message, sender, 0, booked);
        return booked;
    }

    /// <summary>Executes every pending event (to quiescence) or <paramref name="maxEvents"/> of them; returns how many ran.</summary>
    /// <remarks>A world with a periodic timer is never quiescent: bound it with <see cref="RunUntil"/> or the event limit.</remarks>
    public long Run(long maxEvents = long.MaxValue) => Drive(long.MaxValue, maxEvents, null);

    /// <summary>Executes every event due at or before <paramref name="time"/>, then sets the clock to it.</summary>
    public long RunUntil(SimTime time) => Drive(time.Picoseconds == long.MaxValue ? time.Picoseconds : time.Picoseconds + 1, long.MaxValue, time);

    /// <summary>Executes every event due strictly before <paramref name="time"/>, then sets the clock to it: one window
    /// <c>[Now, time)</c> of a conservatively synchronised run.</summary>
    public long AdvanceTo(SimTime time) => Drive(time.Picoseconds, long.MaxValue, time);

    /// <summary>Stops every simulation actor (their <c>PostStop</c> runs in virtual time), and terminates the actor system if
    /// the world created it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (_running) throw new InvalidOperationException("The world is running: it cannot be disposed from inside one of its own actors");
        // Tearing down after a failed or refused run must not fail again: what is refused from here on is dropped.
        _driverThread = Environment.CurrentManagedThreadId;
        Interlocked.Exchange(ref _violation, null);
        if (_rootCell is { } root)
        {
            // Stopped directly, on this thread: System.Stop would ask the /user guardian, on the thread pool.
            ((LocalActorRef)root.Self).Stop();
            _running = true;
            try
            {
                // Only the root's stop matters: periodic timers would keep a full run going forever.
                while (!root.IsTerminated && TryPeekLive(out _))
                {
                    try
                    {
                        Step();
                    }
                    catch (Exception e) when (e is DeterminismViolationException or SimulationFailedException)
                    {
                    }
                }
            }
            finally
            {
                _running = false;
            }
        }
        _disposed = true;
        _heap.Clear();
        // Not awaited: nothing of the simulation is left in the system, and Akka's own shutdown (logging, guardians,
        // coordinated shutdown) takes up to a second the first time in a process.
        if (_ownsSystem) _ = System.Terminate();
    }

    /// <summary>A new simulation actor's mailbox: the next id in creation order.</summary>
    internal SimulationMailbox NewMailbox(IActorRef owner)
    {
        CheckThread(owner, "creation");
        // The root comes first and belongs to no shard; other actors belong to their creator's shard.
        var shard = _rootCell is null ? _unsharded : _current?.Shard ?? _outside;
        return shard.Index < 0 ? new SimulationMailbox(this, owner, shard, _nextId++) : new SimulationMailbox(this, owner, shard, shard.BaseId + ++shard.Created);
    }

    /// <summary>The key of a send made now by whatever runs.</summary>
    internal DeliveryKey NextKey(int priority) => KeyOf(_current, NowPs, priority);

    /// <summary>The next key of <paramref name="sender"/> (null: the outside), due at <paramref name="timePs"/>.</summary>
    internal DeliveryKey KeyOf(SimulationMailbox? sender, long timePs, int priority) =>
        sender is null ? new(timePs, priority, _outside.BaseId, _outside.ExternalSeq++) : new(timePs, priority, sender.Id, sender.SendSeq++);

    /// <summary>A send to a simulation actor: an event at the current time.</summary>
    internal void Post(ActorCell cell, in Envelope envelope)
    {
        if (_disposed)
        {
            Dispatcher.DeliverToDeadLetters(cell, envelope);
            return;
        }
        if (!CheckThread(cell.Self, envelope.Message)) return;
        _heap.Enqueue(WorldEvent.Deliver(cell, envelope), KeyOf(_current, NowPs, DeliveryPriority.Normal));
    }

    /// <summary>An Akka system message to a simulation actor: an event at the current time, ahead of user messages.</summary>
    internal void PostSystem(ActorCell cell, SystemMessage message)
    {
        if (_disposed)
        {
            Dispatcher.DeliverSystem(cell, message);
            return;
        }
        if (!CheckThread(cell.Self, message)) return;
        // Keyed by the receiver, not by the sender: Akka sends system messages to several actors at once (suspending,
        // restarting or stopping children, notifying watchers, unwatching) in the order of a dictionary or hash set, which
        // differs per process (string hashing, actor uids). So such a fan-out is delivered in the receivers' creation order,
        // whatever order Akka sent it in; the system messages to one receiver keep their send order.
        var keyedBy = cell.Mailbox?.MessageQueue as SimulationMailbox ?? _current;
        _heap.Enqueue(WorldEvent.System(cell, message), KeyOf(keyedBy, NowPs, DeliveryPriority.System));
    }

    /// <summary>Akka asks the dispatcher to run something: a mailbox (run now if the driver is delivering to it, else an event) or other work.</summary>
    internal void Execute(IRunnable run)
    {
        if (run is Mailbox mailbox)
        {
            if (mailbox.MessageQueue is not SimulationMailbox queue)
            {
                Refuse(new DeterminismViolationException($"A simulation actor has a mailbox of type {mailbox.MessageQueue.GetType().Name}: simulation actors need the simulation mailbox (do not give their Props a mailbox)"));
                return;
            }
            queue.AkkaMailbox ??= mailbox;
            if (ReferenceEquals(queue, _runNow))
            {
                _runNow = null;
                Drain(queue);
                return;
            }
            if (ReferenceEquals(queue, _draining))
            {
                queue.RunRequested = true;
                return;
            }
            if (_disposed || !CheckThread(queue.Owner, "mailbox run")) return;
            _heap.Enqueue(WorldEvent.RunMailbox(queue), KeyOf(_current, NowPs, DeliveryPriority.System));
            return;
        }
        if (!_disposed) Schedule(0, ScheduledWork.Run(run, 0, null, _current));
    }

    /// <summary>Keeps the running actor busy for <paramref name="duration"/> after any work already booked.</summary>
    internal void Occupy(IActorRef self, SimTime duration)
    {
        if (duration < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "An actor cannot be busy for a negative time");
        var queue = RunningMailboxOf(self);
        queue.BusyUntilPs = Math.Max(queue.BusyUntilPs, NowPs) + duration.Picoseconds;
    }

    /// <summary>Until when the running actor is busy (at most now when idle).</summary>
    internal SimTime BusyUntil(IActorRef self) => new(Math.Max(RunningMailboxOf(self).BusyUntilPs, NowPs));

    /// <summary>A tell scheduled in virtual time: straight into the heap when it goes to a simulation actor once, else as scheduled work.</summary>
    internal void ScheduleTell(long delayPs, ICanTell receiver, object message, IActorRef? sender, long intervalPs, ICancelable? cancelable)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (intervalPs == 0 && receiver is LocalActorRef { Cell: var cell } && ReferenceEquals(cell.Dispatcher, Dispatcher))
        {
            if (!CheckThread(cell.Self, message)) return;
            _heap.Enqueue(WorldEvent.Deliver(cell, new Envelope(message, sender ?? ActorRefs.NoSender, cell.System), cancelable), KeyOf(_current, NowPs + delayPs, DeliveryPriority.Normal));
            return;
        }
        if (intervalPs == 0 && cancelable is null && receiver is PartitionStandIn standIn)
        {
            Cross(standIn, delayPs, message, sender);
            return;
        }
        Schedule(delayPs, ScheduledWork.Tell(receiver, message, sender, intervalPs, cancelable, _current));
    }

    /// <summary>Scheduled work, due after <paramref name="delayPs"/>.</summary>
    internal void Schedule(long delayPs, ScheduledWork work)
    {
        if (!CheckThread(null, work)) return;
        _heap.Enqueue(WorldEvent.Scheduled(work), KeyOf(work.Owner, NowPs + delayPs, DeliveryPriority.Normal));
    }

    /// <summary>A user message leaves a simulation mailbox for its actor: one delivery of the trace.</summary>
    internal void FoldDelivery(in DeliveryKey key, SimulationMailbox receiver, object message)
    {
        var shard = receiver.Shard;
        shard.Trace.Fold(key.At(NowPs), receiver.Id, message);
        shard.DeliveredCount++;
        DeliveredCount++;
    }

    /// <summary>A failure reached the simulation root: the run ends with it after the current event.</summary>
    internal void Fail(IActorRef actor, Exception cause) =>
        Refuse(new SimulationFailedException(actor.Path.ToStringWithoutAddress(), Now, cause));

    /// <summary>True when scheduling from here belongs in the world: a simulation actor is running on the driver thread.</summary>
    internal bool SchedulesInWorld => _current is not null && Environment.CurrentManagedThreadId == _driverThread && !_disposed;

    private ActorCell StartRoot()
    {
        var guardian = (LocalActorRef)((ExtendedActorSystem)System).Guardian;
        // The root belongs to no shard: what its start sends is not numbered in the shard the driver acts for at the time.
        var outside = _outside;
        _outside = _unsharded;
        try
        {
            // Through the guardian's cell, not system.ActorOf: that one creates top-level actors asynchronously on the thread pool.
            var root = (LocalActorRef)guardian.Cell.ActorOf(SimulationProps.Of(() => new SimulationRoot(this)).WithDispatcher(DispatcherId), RootName);
            return root.Cell;
        }
        finally
        {
            _outside = outside;
        }
    }

    /// <summary>Executes at most <paramref name="maxEvents"/> events due strictly before <paramref name="limitPs"/>, then moves
    /// the clock to <paramref name="newNow"/> if given.</summary>
    private long Drive(long limitPs, long maxEvents, SimTime? newNow)
    {
        Enter();
        if (newNow < Now) throw new ArgumentOutOfRangeException(nameof(newNow), newNow, $"Virtual time is already {Now}");
        _running = true;
        try
        {
            long events = 0;
            while (events < maxEvents && TryPeekLive(out var key) && key.TimePs < limitPs)
            {
                Step();
                events++;
            }
            if (newNow is { } time) NowPs = Math.Max(NowPs, time.Picoseconds);
            return events;
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Binds the world to the calling thread and surfaces what was refused since the last call.</summary>
    private void Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_running) throw new InvalidOperationException("The world is running: it cannot be driven from inside one of its own actors");
        _driverThread = Environment.CurrentManagedThreadId;
        ThrowIfRefused();
    }

    private void ThrowIfRefused()
    {
        var violation = Interlocked.Exchange(ref _violation, null);
        if (violation is not null) throw violation;
    }

    private void Step()
    {
        _heap.TryDequeue(out var e, out var key);
        NowPs = key.TimePs;
        switch (e.Kind)
        {
            case WorldEventKind.Deliver:
                if (e.Extra is BookedSend booked) booked.CameUp();
                Deliver((ActorCell)e.Target, e.Envelope, key);
                break;
            case WorldEventKind.System:
                DeliverSystem((ActorCell)e.Target, (SystemMessage)e.Extra!, key);
                break;
            case WorldEventKind.RunMailbox:
                var toRun = (SimulationMailbox)e.Target;
                if (!toRun.IsClosed) Drain(toRun);
                break;
            case WorldEventKind.Resume:
                var resumed = (SimulationMailbox)e.Target;
                resumed.ResumeScheduled = false;
                if (!resumed.IsClosed) Drain(resumed);
                break;
            case WorldEventKind.Scheduled:
                RunScheduled((ScheduledWork)e.Target);
                break;
        }
        if (_violation is not null) ThrowIfRefused();
    }

    private void Deliver(ActorCell cell, in Envelope envelope, in DeliveryKey key)
    {
        var mailbox = cell.Mailbox;
        if (mailbox?.MessageQueue is not SimulationMailbox queue || queue.IsClosed)
        {
            Dispatcher.DeliverToDeadLetters(cell, envelope);
            return;
        }
        if (queue.Count > 0 || queue.BusyUntilPs > NowPs)
        {
            queue.Append(envelope, key);
            EnsureResume(queue);
            return;
        }
        // Open: not suspended, closed or scheduled. An idle mailbox has no system message waiting either, since every system
        // message is enqueued by DeliverSystem, which asks for a run at once. So this is what a mailbox run would do.
        if (ReferenceEquals(queue.AkkaMailbox, mailbox) && MailboxStatus(mailbox) == 0)
        {
            Invoke(cell, queue, envelope, key);
            return;
        }
        queue.Append(envelope, key);
        Drain(queue);
    }

    private void Invoke(ActorCell cell, SimulationMailbox queue, in Envelope envelope, in DeliveryKey key)
    {
        FoldDelivery(key, queue, envelope.Message);
        queue.Dequeued++;
        var outerCell = InternalCurrentActorCellKeeper.Current;
        var outerCurrent = _current;
        InternalCurrentActorCellKeeper.Current = cell;
        _current = queue;
        try
        {
            cell.Invoke(envelope);
        }
        finally
        {
            InternalCurrentActorCellKeeper.Current = outerCell;
            _current = outerCurrent;
        }
        // Stash.UnstashAll may have put messages back: they run now, as after the mailbox's own run, or when the actor is free.
        if (queue.Count > 0 && queue.BusyUntilPs <= NowPs) Drain(queue);
        else AfterRun(queue, queue.AkkaMailbox!);
    }

    private void DeliverSystem(ActorCell cell, SystemMessage message, in DeliveryKey key)
    {
        var queue = cell.Mailbox?.MessageQueue as SimulationMailbox;
        (queue?.Shard ?? _unsharded).Trace.Fold(key, queue?.Id ?? 0, message);
        switch (message)
        {
            case Failed:
                CheckRestartWindow(cell);
                break;
            case Supervise supervise:
                CheckDispatcherOf(cell, supervise.Child);
                break;
        }
        _runNow = queue is { IsClosed: false } ? queue : null;
        try
        {
            Dispatcher.DeliverSystem(cell, message);
        }
        finally
        {
            _runNow = null;
        }
    }

    /// <summary>Runs the actor's Akka mailbox (system messages, then one message) for as long as it has work it may do now.</summary>
    private void Drain(SimulationMailbox queue)
    {
        var mailbox = queue.AkkaMailbox;
        if (mailbox is null) return; // not attached yet: its first run (Akka's Attach) is an event of its own
        var outerCurrent = _current;
        var outerDraining = _draining;
        _current = _draining = queue;
        try
        {
            while (true)
            {
                queue.RunRequested = false;
                var before = queue.Dequeued;
                mailbox.Run();
                if (!queue.RunRequested) break;
                if (queue.Dequeued == before)
                {
                    // Akka wants another run but this one made no progress: give it its own event, as a thread pool would.
                    _heap.Enqueue(WorldEvent.RunMailbox(queue), KeyOf(queue, NowPs, DeliveryPriority.System));
                    break;
                }
            }
        }
        finally
        {
            _current = outerCurrent;
            _draining = outerDraining;
        }
        AfterRun(queue, mailbox);
    }

    /// <summary>After the actor handled what it could: an actor left suspended may await a task; a busy one gets its resume.</summary>
    private void AfterRun(SimulationMailbox queue, Mailbox mailbox)
    {
        // The suspend count sits above the open/closed/scheduled bits of Akka's mailbox status.
        if ((MailboxStatus(mailbox) & ~3) != 0 && !queue.IsClosed) CheckAwaiting(queue);
        EnsureResume(queue);
    }

    /// <summary>Makes sure a busy actor with waiting messages gets them when its busy period ends.</summary>
    private void EnsureResume(SimulationMailbox queue)
    {
        if (queue.ResumeScheduled || queue.Count == 0 || queue.BusyUntilPs <= NowPs) return;
        queue.ResumeScheduled = true;
        _heap.Enqueue(WorldEvent.Resume(queue), KeyOf(queue, queue.BusyUntilPs, DeliveryPriority.System));
    }

    private void RunScheduled(ScheduledWork work)
    {
        if (!work.IsLive) return;
        var outer = _current;
        _current = work.Owner;
        try
        {
            work.Execute();
        }
        finally
        {
            _current = outer;
        }
        if (work.IntervalPs > 0 && work.IsLive)
            _heap.Enqueue(WorldEvent.Scheduled(work), KeyOf(work.Owner, NowPs + work.IntervalPs, DeliveryPriority.Normal));
    }

    /// <summary>Peeks at the earliest event that still means something: cancelled timers are dropped unseen, so they neither
    /// move virtual time nor keep the world from being quiescent.</summary>
    private bool TryPeekLive(out DeliveryKey key)
    {
        while (_heap.TryPeek(out var e, out key))
        {
            if (e.IsLive) return true;
            _heap.TryDequeue(out _, out _);
        }
        return false;
    }

    private SimulationMailbox RunningMailboxOf(IActorRef self)
    {
        var queue = _current;
        if (queue is null || !ReferenceEquals(queue.Owner, self) || Environment.CurrentManagedThreadId != _driverThread)
            throw new InvalidOperationException($"{self.Path} is not running in its world now: only a simulation actor handling a message may use its own virtual time");
        return queue;
    }

    /// <summary>Only the driver thread may touch the heap; a send from elsewhere is dropped and the driver throws.</summary>
    private bool CheckThread(IActorRef? target, object what)
    {
        var thread = Environment.CurrentManagedThreadId;
        if (thread == _driverThread) return true;
        var kind = what.GetType().Name == "ActorTaskSchedulerMessage" ? "the continuation of an async receive" : $"{what.GetType().Name}";
        Refuse(new DeterminismViolationException(
            $"{kind} for {target?.Path.ToStringWithoutAddress() ?? "the world"} came from thread {thread}, not from the thread driving the world ({_driverThread}): " +
            "a simulation takes messages only from its driver (a PipeTo of a real task, an await or another thread's Tell would make the order depend on thread timing)"));
        return false;
    }

    private void CheckAwaiting(SimulationMailbox queue)
    {
        var cell = ((LocalActorRef)queue.Owner).Cell;
        if (cell.TaskScheduler.CurrentMessage is { } awaiting)
            Refuse(new DeterminismViolationException(
                $"{queue.Owner.Path.ToStringWithoutAddress()} awaits a task while handling {awaiting.GetType().Name}: an async receive would resume on another thread at a moment virtual time knows nothing of; receive synchronously and model waiting as messages"));
    }

    private void CheckDispatcherOf(ActorCell parent, IActorRef child)
    {
        if (child is ActorRefWithCell { Underlying: ActorCell childCell } && !ReferenceEquals(childCell.Dispatcher, Dispatcher))
            Refuse(new DeterminismViolationException(
                $"{child.Path.ToStringWithoutAddress()}, a child of simulation actor {parent.Self.Path.ToStringWithoutAddress()}, runs on dispatcher '{childCell.Dispatcher.Id}': " +
                $"every actor under the simulation root must run on '{DispatcherId}' (routers and explicit dispatchers take it elsewhere)"));
    }

    private void CheckRestartWindow(ActorCell parent)
    {
        if (ActorInstance.GetValue(parent) is not { } actor || StrategyOf.GetValue(actor) is not SupervisorStrategy strategy) return;
        var windowMs = strategy switch
        {
            OneForOneStrategy one => one.WithinTimeRangeMilliseconds,
            AllForOneStrategy all => all.WithinTimeRangeMilliseconds,
            _ => -1,
        };
        if (windowMs > 0)
            Refuse(new DeterminismViolationException(
                $"The supervisor strategy of {parent.Self.Path.ToStringWithoutAddress()} counts restarts within {windowMs} ms, a window Akka reads from the wall clock: " +
                "in a simulation give it a number of retries without a time window"));
    }

    private static T MailboxReader<T>(string name) where T : Delegate =>
        typeof(Mailbox).GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic)?.CreateDelegate<T>()
        ?? throw new MissingMethodException($"Akka's Mailbox.{name} is gone: the simulation dispatcher is written for Akka 1.5.74");

    private void Refuse(Exception violation) => Interlocked.CompareExchange(ref _violation, violation, null);
}
