using ActorMigration.Contracts.Units;
using ActorMigration.Runtime;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.TestKit;

/// <summary>Base class for actor protocol tests (Akka's <c>TestKit</c>): each test gets a fresh system and a
/// <see cref="TestActor"/> that is the implicit sender of every <c>Tell</c> made from the test.</summary>
/// <remarks>xunit makes a new instance per test, so no state leaks between tests; all waiting is in virtual time.</remarks>
public abstract class TestKitBase : IDisposable
{
    private int _probes;

    /// <summary>A fresh system named <paramref name="systemName"/> seeded with <paramref name="seed"/>.</summary>
    protected TestKitBase(ulong seed = 42, string systemName = "test")
    {
        Sys = ActorSystem.Create(systemName, seed);
        TestActor = new TestProbe(Sys, "testActor", DefaultTimeout);
        Sys.ExternalSender = TestActor.Ref;
    }

    /// <summary>The system under test.</summary>
    public ActorSystem Sys { get; }

    /// <summary>The default probe: the implicit sender of the test's <c>Tell</c>s.</summary>
    public TestProbe TestActor { get; }

    /// <summary>How long expectations wait by default: 3 s of virtual time, as Akka's default.</summary>
    public static SimTime DefaultTimeout { get; } = SimTime.FromSeconds(3);

    /// <summary>A new probe in <see cref="Sys"/>.</summary>
    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, name ?? $"testProbe{++_probes}", DefaultTimeout);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(Predicate{T}?, SimTime?, string?)"/>
    public T ExpectMsg<T>(Predicate<T>? isMessage = null, SimTime? within = null, string? hint = null) => TestActor.ExpectMsg(isMessage, within, hint);

    /// <inheritdoc cref="TestProbe.ExpectMsg{T}(T, SimTime?)"/>
    public T ExpectMsg<T>(T message, SimTime? within = null) where T : notnull => TestActor.ExpectMsg(message, within);

    /// <inheritdoc cref="TestProbe.ExpectMsgFrom{T}"/>
    public T ExpectMsgFrom<T>(IActorRef sender, Predicate<T>? isMessage = null, SimTime? within = null) => TestActor.ExpectMsgFrom(sender, isMessage, within);

    /// <inheritdoc cref="TestProbe.ExpectNoMsg"/>
    public void ExpectNoMsg(SimTime? duration = null) => TestActor.ExpectNoMsg(duration);

    /// <inheritdoc cref="TestProbe.ExpectTerminated"/>
    public Terminated ExpectTerminated(IActorRef subject, SimTime? within = null) => TestActor.ExpectTerminated(subject, within);

    /// <inheritdoc cref="TestProbe.FishForMessage(Predicate{object}, SimTime?, string?)"/>
    public object FishForMessage(Predicate<object> isMessage, SimTime? within = null, string? hint = null) => TestActor.FishForMessage(isMessage, within, hint);

    /// <inheritdoc cref="TestProbe.FishForMessage{T}"/>
    public T FishForMessage<T>(Predicate<T> isMessage, SimTime? within = null, string? hint = null) => TestActor.FishForMessage(isMessage, within, hint);

    /// <inheritdoc cref="TestProbe.ReceiveWhile{T}"/>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, SimTime? max = null, int maxMessages = int.MaxValue) where T : class =>
        TestActor.ReceiveWhile(filter, max, maxMessages);

    /// <inheritdoc cref="TestProbe.ReceiveN"/>
    public IReadOnlyList<object> ReceiveN(int count, SimTime? within = null) => TestActor.ReceiveN(count, within);

    /// <inheritdoc cref="TestProbe.IgnoreMessages(Func{object, bool})"/>
    public void IgnoreMessages(Func<object, bool> shouldIgnore) => TestActor.IgnoreMessages(shouldIgnore);

    /// <inheritdoc cref="TestProbe.IgnoreMessages{T}"/>
    public void IgnoreMessages<T>(Func<T, bool>? shouldIgnore = null) => TestActor.IgnoreMessages(shouldIgnore);

    /// <inheritdoc cref="TestProbe.Within(SimTime, SimTime, Action)"/>
    public void Within(SimTime min, SimTime max, Action body) => TestActor.Within(min, max, body);

    /// <inheritdoc cref="TestProbe.Within(SimTime, Action)"/>
    public void Within(SimTime max, Action body) => TestActor.Within(max, body);

    /// <inheritdoc cref="TestProbe.Within{T}"/>
    public T Within<T>(SimTime min, SimTime max, Func<T> body) => TestActor.Within(min, max, body);

    /// <inheritdoc cref="TestProbe.Watch"/>
    public IActorRef Watch(IActorRef subject) => TestActor.Watch(subject);

    /// <inheritdoc cref="TestProbe.Unwatch"/>
    public IActorRef Unwatch(IActorRef subject) => TestActor.Unwatch(subject);

    /// <summary>The sender of the last message the test actor took.</summary>
    public IActorRef? LastSender => TestActor.LastSender;

    /// <summary>Stops the system.</summary>
    public void Dispose()
    {
        Sys.Dispose();
        GC.SuppressFinalize(this);
    }
}
