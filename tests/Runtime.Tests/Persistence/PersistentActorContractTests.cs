using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Event;
using ActorMigration.Runtime.Persistence;
using ActorMigration.TestKit;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>What a persistent actor asks of its system and its author, whatever the store (run on an SQLite file).</summary>
public sealed class PersistentActorContractTests : IDisposable
{
    private static readonly SimTime Timeout = SimTime.FromSeconds(3);
    private readonly SqliteStoreUnderTest _file = new();
    private readonly PersistenceStore _store;
    private readonly ActorSystem _system = ActorSystem.Create("contract");
    private readonly TestProbe _probe;

    public PersistentActorContractTests()
    {
        _store = PersistenceStore.Open(_file.ConnectionString);
        _probe = new TestProbe(_system, "probe", Timeout);
        _system.ExternalSender = _probe.Ref;
    }

    public void Dispose()
    {
        _system.Dispose();
        _store.Dispose();
        _file.Dispose();
    }

    [Fact]
    public void Without_persistence_a_persistent_actor_fails_to_start_saying_how_to_give_it_one()
    {
        _system.EventStream.Subscribe(_probe.Ref, typeof(ActorFailed));

        var counter = _system.ActorOf(Props.Create(() => new Counter("c", _probe.Ref)), "c");

        var failed = _probe.ExpectMsg<ActorFailed>();
        Assert.Contains("system.UsePersistence(store, codec)", Assert.IsType<ActorInitializationException>(failed.Cause).InnerException?.Message);
        _probe.Watch(counter);
        _probe.ExpectTerminated(counter);
    }

    [Fact]
    public void Persistence_is_registered_once_per_system()
    {
        var registered = _system.UsePersistence(_store, Codec());

        Assert.Throws<InvalidOperationException>(() => _system.UsePersistence(new DiscardingStore(), new DiscardingStore(), Codec()));
        Assert.Same(registered, PersistenceExtension.Get(_system));
        Assert.Same(_store.Journal, registered.Journal);
    }

    [Fact]
    public void Become_replaces_the_command_handlers_which_go_on_persisting()
    {
        _system.UsePersistence(_store, Codec());
        var toggle = _system.ActorOf(Props.Create<Toggle>(), "t");

        toggle.Tell(new Add(1));
        toggle.Tell("double");
        toggle.Tell(new Add(2));
        toggle.Tell("plain");
        toggle.Tell(new Add(3));

        Assert.Equal(["plain 1 at 1", "doubled 5 at 2", "plain 8 at 3"], _probe.ReceiveN(3));
    }

    [Fact]
    public void Persisting_from_a_behaviour_that_bypasses_the_persistent_actor_fails_loudly()
    {
        _system.UsePersistence(_store, Codec());
        _system.EventStream.Subscribe(_probe.Ref, typeof(ActorFailed));
        var toggle = _system.ActorOf(Props.Create<Toggle>(), "t");

        toggle.Tell("bypass");
        toggle.Tell(new Add(1));

        var failed = _probe.ExpectMsg<ActorFailed>();
        Assert.Contains("use PersistentActor.Become", Assert.IsType<InvalidOperationException>(failed.Cause).Message);
        Assert.Equal(0, _store.Journal.ReadHighestSequenceNr("t", 0));
    }

    [Fact]
    public void A_PreStart_override_that_skips_recovery_fails_the_first_command_loudly()
    {
        _system.UsePersistence(_store, Codec());
        _system.EventStream.Subscribe(_probe.Ref, typeof(ActorFailed));
        var forgetful = _system.ActorOf(Props.Create<Forgetful>(), "f");

        forgetful.Tell(new Add(1));

        var failed = _probe.ExpectMsg<ActorFailed>();
        Assert.Contains("must call base.PreStart()", Assert.IsType<InvalidOperationException>(failed.Cause).Message);
    }

    [Fact]
    public void Journaling_adds_no_delivery_and_a_run_has_the_trace_of_one_whose_store_discards_everything()
    {
        static (ulong Trace, long Deliveries) RunScenario(Action<ActorSystem> usePersistence)
        {
            using var system = ActorSystem.Create("trace", seed: 7);
            usePersistence(system);
            var monitor = new TestProbe(system, "monitor", Timeout);
            var counter = system.ActorOf(Props.Create(() => new Counter("c", monitor.Ref)), "c");
            for (var n = 1; n <= 5; n++) system.Scheduler.ScheduleTellOnce(SimTime.FromNanoseconds(n * 10), counter, new Add(n), monitor.Ref);
            counter.Tell(new AddAll([6, 7]), monitor.Ref);
            counter.Tell(new TakeSnapshot(), monitor.Ref);
            system.Run();
            return (system.TraceHash, system.DeliveredCount);
        }

        var journaled = RunScenario(system => system.UsePersistence(_store, Codec()));
        var discarded = RunScenario(system => system.UsePersistence(new DiscardingStore(), new DiscardingStore(), Codec()));

        // The counter gets 5 Add, AddAll, TakeSnapshot and the SaveSnapshotSuccess reply; the monitor gets RecoveryDone,
        // 5 Acked, 2 Applied and the forwarded SaveSnapshotSuccess: 17, with nothing added for the 7 events written.
        Assert.Equal(17, journaled.Deliveries);
        Assert.Equal(discarded, journaled);
        Assert.Equal(7, _store.Journal.ReadHighestSequenceNr("c", 0));
    }

    private static ProtobufCodec Codec() => new ProtobufCodec().Register<Added>().Register<CounterState>();

    /// <summary>Adds plainly or doubled, switching with <c>Become</c>; "bypass" installs a behaviour with <c>Context.Become</c>.</summary>
    private sealed class Toggle : ReceivePersistentActor
    {
        private long _total;

        public Toggle()
        {
            Recover<Added>(added => _total += added.Amount);
            Plain();
        }

        public override string PersistenceId => "t";

        private void Plain()
        {
            Command<Add>(add => Persist(new Added { Amount = add.Amount }, added => Reply("plain", added)));
            Command<string>(_ => Become(Doubled), text => text == "double");
            Command<string>(_ => Context.Become(_ => { Persist(new Added { Amount = 1 }, _ => { }); return true; }), text => text == "bypass");
        }

        private void Doubled()
        {
            Command<Add>(add => Persist(new Added { Amount = 2 * add.Amount }, added => Reply("doubled", added)));
            Command<string>(_ => Become(Plain), text => text == "plain");
        }

        private void Reply(string how, Added added)
        {
            _total += added.Amount;
            Sender.Tell($"{how} {_total} at {LastSequenceNr}");
        }
    }

    /// <summary>Overrides PreStart and forgets to call the base, so it never recovers.</summary>
    private sealed class Forgetful : ReceivePersistentActor
    {
        public Forgetful() => Command<Add>(_ => { });

        public override string PersistenceId => "f";

        protected internal override void PreStart()
        {
        }
    }
}
