using System.Text;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.TestKit;

/// <summary>An actor that a test drives and inspects, in virtual time (Akka's <c>TestProbe</c>).</summary>
/// <remarks>Waiting means running the system: an expectation steps the scheduler until a message reaches the
/// probe or its virtual deadline passes. Nothing waits on the wall clock, so a test cannot be flaky.</remarks>
public sealed class TestProbe : IActorRef, IActorRefProxy
{
    private const int HistoryShown = 20;
    private readonly Queue<ReceivedMessage> _queue = new();
    private readonly List<ReceivedMessage> _history = [];
    private readonly Stack<SimTime> _deadlines = new();
    private Func<object, bool>? _ignore;

    /// <summary>A probe named <paramref name="name"/> under <c>/system</c> of <paramref name="system"/>.</summary>
    public TestProbe(ActorSystem system, string name, SimTime defaultTimeout)
    {
        System = system;
        DefaultTimeout = defaultTimeout;
        Ref = system.SystemActorOf(Props.Create(() => new ProbeActor(OnReceive)), name);
    }

    /// <summary>The system the probe lives in.</summary>
    public ActorSystem System { get; }

    /// <summary>The probe's actor.</summary>
    public IActorRef Ref { get; }

    /// <inheritdoc />
    public ActorPath Path => Ref.Path;

    IActorRef IActorRefProxy.Target => Ref;

    /// <summary>How long an expectation waits when neither it nor an enclosing <see cref="Within(SimTime, SimTime, Action)"/> says.</summary>
    public SimTime DefaultTimeout { get; set; }

    /// <summary>The sender of the last message an expectation returned.</summary>
    public IActorRef? LastSender { get; private set; }

    /// <summary>Time left before the innermost <c>Within</c> deadline, or the default timeout outside one.</summary>
    public SimTime RemainingOrDefault => _deadlines.TryPeek(out var end) ? SimTime.Max(SimTime.Zero, end - System.Now) : DefaultTimeout;

    /// <summary>Messages received and not yet taken by an expectation.</summary>
    public int QueuedCount => _queue.Count;

    /// <inheritdoc />
    public void Tell(object message, IActorRef? sender) => Ref.Tell(message, sender);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    /// <summary>Replies to the sender of the last message taken.</summary>
    public void Reply(object message) =>
        (LastSender ?? throw new InvalidOperationException("Reply needs a message with a sender first")).Tell(message, Ref);

    /// <summary>Forwards <paramref name="message"/> to <paramref name="target"/> keeping the last sender.</summary>
    public void Forward(IActorRef target, object message) => target.Tell(message, LastSender);

    /// <summary>Watches <paramref name="subject"/>: its <see cref="Terminated"/> will reach this probe.</summary>
    public IActorRef Watch(IActorRef subject) => WatchFrom(subject, watch: true);

    /// <summary>Stops watching <paramref name="subject"/>.</summary>
    public IActorRef Unwatch(IActorRef subject) => WatchFrom(subject, watch: false);

    /// <summary>Drops, from now on, every message for which <paramref name="shouldIgnore"/> is true.</summary>
    public void IgnoreMessages(Func<object, bool> shouldIgnore) => _ignore = shouldIgnore;

    /// <summary>Drops, from now on, every message of type <typeparamref name="T"/> (that matches <paramref name="shouldIgnore"/>).</summary>
    public void IgnoreMessages<T>(Func<T, bool>? shouldIgnore = null) =>
        _ignore = m => m is T t && (shouldIgnore is null || shouldIgnore(t));

    /// <summary>Stops ignoring messages.</summary>
    public void IgnoreNoMessages() => _ignore = null;

    /// <summary>Expects the next message to be a <typeparamref name="T"/> satisfying <paramref name="isMessage"/>, within <paramref name="within"/>.</summary>
    public T ExpectMsg<T>(Predicate<T>? isMessage = null, SimTime? within = null, string? hint = null) =>
        ExpectMsgCore(isMessage, null, within, hint);

    /// <summary>Expects the next message to equal <paramref name="message"/>.</summary>
    public T ExpectMsg<T>(T message, SimTime? within = null) where T : notnull =>
        ExpectMsgCore<T>(m => Equals(m, message), null, within, $"equal to {message}");

    /// <summary>Expects the next message to be a <typeparamref name="T"/> from <paramref name="sender"/>.</summary>
    public T ExpectMsgFrom<T>(IActorRef sender, Predicate<T>? isMessage = null, SimTime? within = null) =>
        ExpectMsgCore(isMessage, sender, within, null);

    /// <summary>Expects no message for <paramref name="duration"/> of virtual time (default: the remaining time).</summary>
    public void ExpectNoMsg(SimTime? duration = null)
    {
        var end = System.Now + (duration ?? RemainingOrDefault);
        if (AwaitMessage(end))
        {
            var m = _queue.Peek();
            Fail($"ExpectNoMsg until {end}: received {m.Message} at {m.At}");
        }
    }

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="subject"/> (which the probe must watch).</summary>
    public Terminated ExpectTerminated(IActorRef subject, SimTime? within = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(subject), within, $"Terminated of {subject.Path}");

    /// <summary>Takes messages until one satisfies <paramref name="isMessage"/>, and returns it; the others are dropped.</summary>
    public object FishForMessage(Predicate<object> isMessage, SimTime? within = null, string? hint = null) =>
        FishForMessage<object>(isMessage, within, hint);

    /// <summary>Takes messages until a <typeparamref name="T"/> satisfies <paramref name="isMessage"/>, and returns it.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, SimTime? within = null, string? hint = null)
    {
        var end = System.Now + (within ?? RemainingOrDefault);
        while (true)
        {
            var received = TakeOrFail(end, $"FishForMessage<{typeof(T).Name}>{Describe(hint)}");
            if (received.Message is T t && isMessage(t)) return t;
        }
    }

    /// <summary>Takes messages while <paramref name="filter"/> maps them to non-null, up to <paramref name="maxMessages"/>, until
    /// <paramref name="max"/> passes; the first message it rejects stays queued.</summary>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, SimTime? max = null, int maxMessages = int.MaxValue) where T : class
    {
        var end = System.Now + (max ?? RemainingOrDefault);
        var taken = new List<T>();
        while (taken.Count < maxMessages && AwaitMessage(end))
        {
            if (filter(_queue.Peek().Message) is not { } value) break;
            Take();
            taken.Add(value);
        }
        return taken;
    }

    /// <summary>Takes exactly <paramref name="count"/> messages within <paramref name="within"/>.</summary>
    public IReadOnlyList<object> ReceiveN(int count, SimTime? within = null)
    {
        var end = System.Now + (within ?? RemainingOrDefault);
        var taken = new List<object>(count);
        for (var i = 0; i < count; i++) taken.Add(TakeOrFail(end, $"ReceiveN({count}) after {i}").Message);
        return taken;
    }

    /// <summary>Runs <paramref name="body"/> and checks it took between <paramref name="min"/> and <paramref name="max"/> of virtual
    /// time; expectations inside default to the time left before <paramref name="max"/>.</summary>
    public void Within(SimTime min, SimTime max, Action body) => Within<object?>(min, max, () => { body(); return null; });

    /// <summary>Runs <paramref name="body"/> with a deadline of <paramref name="max"/> from now.</summary>
    public void Within(SimTime max, Action body) => Within(SimTime.Zero, max, body);

    /// <summary>Like <see cref="Within(SimTime, SimTime, Action)"/>, returning the body's result.</summary>
    public T Within<T>(SimTime min, SimTime max, Func<T> body)
    {
        var start = System.Now;
        var end = start + max;
        if (_deadlines.TryPeek(out var outer)) end = SimTime.Min(end, outer);
        _deadlines.Push(end);
        try
        {
            var result = body();
            var elapsed = System.Now - start;
            if (elapsed < min) Fail($"Within({min}, {max}): the block finished after only {elapsed}");
            if (elapsed > max) Fail($"Within({min}, {max}): the block took {elapsed}");
            return result;
        }
        finally
        {
            _deadlines.Pop();
        }
    }

    private IActorRef WatchFrom(IActorRef subject, bool watch)
    {
        var cell = ActorCell.CellOf(Ref);
        return watch ? cell.Watch(subject) : cell.Unwatch(subject);
    }

    private void OnReceive(object message, IActorRef? sender)
    {
        if (_ignore?.Invoke(message) == true) return;
        var received = new ReceivedMessage(message, sender, System.Now);
        _queue.Enqueue(received);
        _history.Add(received);
    }

    private T ExpectMsgCore<T>(Predicate<T>? isMessage, IActorRef? from, SimTime? within, string? hint)
    {
        var what = $"ExpectMsg<{typeof(T).Name}>{Describe(hint)}{(from is null ? "" : $" from {from.Path}")}";
        var received = TakeOrFail(System.Now + (within ?? RemainingOrDefault), what);
        if (received.Message is not T t) return Fail<T>($"{what}: got {received}");
        if (isMessage is not null && !isMessage(t)) return Fail<T>($"{what}: got {received}, which does not match");
        if (from is not null && !from.Equals(received.Sender)) return Fail<T>($"{what}: got {received}, from another sender");
        return t;
    }

    private ReceivedMessage TakeOrFail(SimTime end, string what)
    {
        if (!AwaitMessage(end)) Fail($"{what}: no message by {end}");
        return Take();
    }

    private ReceivedMessage Take()
    {
        var received = _queue.Dequeue();
        LastSender = received.Sender;
        return received;
    }

    /// <summary>Runs the system until a message is queued here or <paramref name="end"/> passes (time then stands at <paramref name="end"/>).</summary>
    private bool AwaitMessage(SimTime end)
    {
        if (_queue.Count > 0) return true;
        if (System.RunWhileNot(() => _queue.Count > 0, end)) return true;
        if (System.Now < end) System.AdvanceTo(end);
        return false;
    }

    private static string Describe(string? hint) => hint is null ? "" : $" ({hint})";

    private T Fail<T>(string what)
    {
        Fail(what);
        return default!;
    }

    private void Fail(string what)
    {
        var text = new StringBuilder();
        text.Append(what).Append(" [probe ").Append(Path.ToStringWithoutAddress()).Append(" at ").Append(System.Now).AppendLine("]");
        if (_history.Count == 0) text.AppendLine("The probe received nothing.");
        else
        {
            text.AppendLine($"The probe received {_history.Count} message(s){(_history.Count > HistoryShown ? $", the last {HistoryShown}" : "")}:");
            foreach (var m in _history.TakeLast(HistoryShown))
                text.Append("  ").Append(_queue.Any(q => ReferenceEquals(q, m)) ? "(queued) " : "").AppendLine(m.ToString());
        }
        Xunit.Assert.Fail(text.ToString());
    }

    /// <summary>True for this probe and for its actor's reference, so a probe can stand wherever its <see cref="Ref"/> does.</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj) || Ref.Equals(obj);

    /// <inheritdoc />
    public override int GetHashCode() => Ref.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"TestProbe[{Path}]";
}
