using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Persistence;
using ActorMigration.TestKit;
using Google.Protobuf.WellKnownTypes;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>How persistent actors behave on every persistence store; each database runs it through a concrete subclass.</summary>
/// <remarks>A "run" is one actor system with its own connection to the store: a new run on the same store is what a
/// restarted process would see.</remarks>
public abstract class PersistentActorSpec(StoreUnderTest target) : IDisposable
{
    private static readonly SimTime Timeout = SimTime.FromSeconds(3);
    private readonly List<Run> _runs = [];

    protected StoreUnderTest Target { get; } = target;

    public void Dispose()
    {
        foreach (var run in _runs) run.Dispose();
        Target.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public void Events_persisted_in_one_run_are_recovered_by_a_new_actor_system_on_the_same_store()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        first.Probe.ExpectMsg(new RecoveryDone(0, 0));
        foreach (var amount in new long[] { 1, 2, 3 }) counter.Tell(new Add(amount));
        Assert.Equal([new Acked(1, 1, 1), new Acked(2, 2, 3), new Acked(3, 3, 6)], first.Probe.ReceiveN(3));
        first.Dispose();

        var second = StartRun();
        var recovered = second.Counter("c");

        Assert.Equal([new Replayed(1, 1), new Replayed(2, 2), new Replayed(3, 3), new RecoveryDone(6, 3)], second.Probe.ReceiveN(4));
        recovered.Tell(new Add(4));
        second.Probe.ExpectMsg(new Acked(4, 4, 10));
        recovered.Tell(new GetState());
        second.Probe.ExpectMsg(new CounterView(10, "1,2,3,4", 4));
    }

    [StoreFact]
    public void PersistAll_writes_one_atomic_batch_then_runs_the_handlers_in_order()
    {
        var run = StartRun();
        var counter = run.Counter("c");
        run.Probe.ExpectMsg<RecoveryDone>();

        counter.Tell(new AddAll([5, 6, 7]));

        Assert.Equal([new Applied(5, 1), new Applied(6, 2), new Applied(7, 3)], run.Probe.ReceiveN(3));
        Assert.Equal(1, Target.Query("SELECT COUNT(DISTINCT write_batch) FROM journal"));
        Assert.Equal(3, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c'"));
        Assert.Equal(0, Target.Query("SELECT COUNT(*) FROM journal a JOIN journal b ON a.ordering < b.ordering WHERE a.sequence_number > b.sequence_number"));
        run.Dispose();
        var next = StartRun();
        next.Counter("c").Tell(new GetState());
        Assert.Equal(new CounterView(18, "5,6,7", 3), next.Probe.FishForMessage<CounterView>(_ => true));
    }

    [StoreFact]
    public void A_PersistAll_that_cannot_be_written_writes_none_of_its_events_and_stops_the_actor()
    {
        var run = StartRun();
        var counter = run.Counter("c");
        run.Probe.ExpectMsg<RecoveryDone>();
        run.Probe.Watch(counter);
        // Another writer took sequence number 2 behind the actor's back: the batch 1..3 collides with it.
        run.Store.Journal.WriteMessages([new PersistentRepr("c", 2, 0, "intruder", [])]);

        counter.Tell(new AddAll([5, 6, 7]));

        var failed = run.Probe.ExpectMsg<PersistFailed>();
        Assert.IsAssignableFrom<PersistenceException>(failed.Cause);
        Assert.Equal((new Added { Amount = 5 }, 1L), (failed.Event, failed.SequenceNr));
        run.Probe.ExpectTerminated(counter);
        run.Probe.ExpectNoMsg(SimTime.FromMilliseconds(1));
        Assert.Equal(1, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c'"));
        Assert.Equal(0, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c' AND sequence_number <> 2"));
    }

    [StoreFact]
    public void Recovery_starts_from_the_latest_snapshot_and_replays_only_the_later_events()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        first.Probe.ExpectMsg<RecoveryDone>();
        counter.Tell(new Add(1));
        counter.Tell(new Add(2));
        first.Probe.ReceiveN(2);
        counter.Tell(new TakeSnapshot());
        var saved = first.Probe.ExpectMsg<SaveSnapshotSuccess>();
        counter.Tell(new Add(3));
        first.Probe.ExpectMsg(new Acked(3, 3, 6));
        first.Dispose();

        var second = StartRun();
        second.Counter("c").Tell(new GetState());

        Assert.Equal(new SnapshotMetadata("c", 2, 0), saved.Metadata);
        Assert.Equal(
            [new OfferedSnapshot(2, 0, 3), new Replayed(3, 3), new RecoveryDone(6, 3), new CounterView(6, "1,2,3", 3)],
            second.Probe.ReceiveN(4));
    }

    [StoreFact]
    public void DeleteMessages_hides_events_from_recovery_while_sequence_numbers_go_on()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        first.Probe.ExpectMsg<RecoveryDone>();
        foreach (var amount in new long[] { 1, 2, 3 }) counter.Tell(new Add(amount));
        first.Probe.ReceiveN(3);

        counter.Tell(new Delete(2));
        first.Probe.ExpectMsg(new DeleteMessagesSuccess(2));
        counter.Tell(new Delete(4));
        var beyond = first.Probe.ExpectMsg<DeleteMessagesFailure>();
        Assert.Equal(4, beyond.ToSequenceNr);
        Assert.IsType<ArgumentOutOfRangeException>(beyond.Cause);
        first.Dispose();

        var second = StartRun();
        counter = second.Counter("c");
        Assert.Equal([new Replayed(3, 3), new RecoveryDone(3, 3)], second.Probe.ReceiveN(2));
        counter.Tell(new Add(4));
        second.Probe.ExpectMsg(new Acked(4, 4, 7));
        counter.Tell(new Delete(long.MaxValue));
        second.Probe.ExpectMsg(new DeleteMessagesSuccess(long.MaxValue));
        second.Dispose();

        var third = StartRun();
        third.Counter("c");
        third.Probe.ExpectMsg(new RecoveryDone(0, 4));
        Assert.Equal(4, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c' AND deleted = TRUE"));
    }

    [StoreFact]
    public void Commands_wait_until_the_handlers_of_every_event_persisted_before_them_ran()
    {
        var run = StartRun();
        var log = new List<string>();
        var recorder = run.System.ActorOf(Props.Create(() => new Recorder("r", log)), "r");
        recorder.Tell("A");
        recorder.Tell("B");

        run.System.Run();

        // A's handlers (and the event persisted by one of them) all run before B, which was queued before A was handled,
        // and before the message A1's handler sent; nested events follow the batch that persisted them, as in Akka.
        Assert.Equal(
            ["recovered at 0", "A returned", "A1 at 1", "A2 at 2", "A deferred", "A3 (nested) at 3", "B", "from A1's handler"],
            log);
        Assert.Equal(2, Target.Query("SELECT COUNT(DISTINCT write_batch) FROM journal"));
        run.Dispose();

        var next = StartRun();
        log.Clear();
        recorder = next.System.ActorOf(Props.Create(() => new Recorder("r", log)), "r");
        recorder.Tell("C");
        next.System.Run();
        Assert.Equal(["replayed A1", "replayed A2", "replayed A3 (nested)", "recovered at 3", "C"], log);
    }

    [StoreFact]
    public void A_damaged_row_fails_recovery_and_stops_the_actor_before_anything_is_replayed()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        foreach (var amount in new long[] { 1, 2, 3 }) counter.Tell(new Add(amount));
        first.Probe.FishForMessage<Acked>(a => a.SequenceNr == 3);
        first.Dispose();
        Target.Execute("UPDATE journal SET created = created + 1 WHERE persistence_id = 'c' AND sequence_number = 2");

        var second = StartRun();
        var damaged = second.Counter("c");
        second.Probe.Watch(damaged);
        damaged.Tell(new Add(4));

        var failed = second.Probe.ExpectMsg<RecoveryFailed>();
        var corrupted = Assert.IsType<CorruptedDataException>(failed.Cause);
        Assert.Equal(("c", 2L), (corrupted.PersistenceId, corrupted.SequenceNr));
        Assert.Null(failed.Event);
        second.Probe.ExpectTerminated(damaged);
        second.Probe.ExpectNoMsg(SimTime.FromMilliseconds(1));
        Assert.Equal(3, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c'"));
    }

    [StoreFact]
    public void A_damaged_snapshot_fails_recovery_instead_of_falling_back_to_older_state()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        counter.Tell(new Add(1));
        counter.Tell(new TakeSnapshot());
        first.Probe.FishForMessage<SaveSnapshotSuccess>(_ => true);
        first.Dispose();
        Target.Execute("UPDATE snapshot SET created = created + 1 WHERE persistence_id = 'c'");

        var second = StartRun();
        var damaged = second.Counter("c");
        second.Probe.Watch(damaged);

        var failed = second.Probe.ExpectMsg<RecoveryFailed>();
        Assert.Equal("snapshot", Assert.IsType<CorruptedDataException>(failed.Cause).Table);
        second.Probe.ExpectTerminated(damaged);
    }

    [StoreFact]
    public void An_incomplete_last_write_batch_of_the_actor_fails_recovery_instead_of_being_written_over()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        counter.Tell(new Add(1));
        counter.Tell(new AddAll([2, 3, 4]));
        first.Probe.FishForMessage<Applied>(a => a.SequenceNr == 4);
        first.Dispose();
        Target.Execute("DELETE FROM journal WHERE persistence_id = 'c' AND sequence_number = 4");

        var second = StartRun();
        var truncated = second.Counter("c");
        second.Probe.Watch(truncated);

        second.Probe.ExpectMsg(new Replayed(1, 1));
        var failed = second.Probe.ExpectMsg<RecoveryFailed>();
        Assert.Contains("is incomplete: 2 of 3 rows", Assert.IsType<CorruptedDataException>(failed.Cause).Message);
        second.Probe.ExpectTerminated(truncated);
        second.Probe.ExpectNoMsg(SimTime.FromMilliseconds(1));
    }

    [StoreFact]
    public void A_recovery_handler_that_throws_fails_recovery_with_the_event_it_was_replaying()
    {
        var first = StartRun();
        var counter = first.Counter("c");
        foreach (var amount in new long[] { 1, 2, 3 }) counter.Tell(new Add(amount));
        first.Probe.FishForMessage<Acked>(a => a.SequenceNr == 3);
        first.Dispose();

        var second = StartRun();
        var failing = second.System.ActorOf(Props.Create(() => new Counter("c", second.Probe.Ref, 2)), "c");
        second.Probe.Watch(failing);

        second.Probe.ExpectMsg(new Replayed(1, 1));
        var failed = second.Probe.ExpectMsg<RecoveryFailed>();
        Assert.IsType<InvalidOperationException>(failed.Cause);
        Assert.Equal(new Added { Amount = 2 }, failed.Event);
        second.Probe.ExpectTerminated(failing);
    }

    [StoreFact]
    public void A_write_to_an_unavailable_store_calls_OnPersistFailure_and_stops_the_actor()
    {
        var run = StartRun();
        var counter = run.Counter("c");
        run.Probe.ExpectMsg<RecoveryDone>();
        run.Probe.Watch(counter);
        run.Store.Dispose();

        counter.Tell(new Add(1));

        var failed = run.Probe.ExpectMsg<PersistFailed>();
        Assert.IsType<StoreUnavailableException>(failed.Cause);
        Assert.Equal((new Added { Amount = 1 }, 1L), (failed.Event, failed.SequenceNr));
        run.Probe.ExpectTerminated(counter);
        run.Probe.ExpectNoMsg(SimTime.FromMilliseconds(1));
        Assert.Equal(0, Target.Query("SELECT COUNT(*) FROM journal"));
    }

    [StoreFact]
    public void The_created_column_holds_the_virtual_time_of_the_Persist_call_and_the_store_takes_none()
    {
        var run = StartRun();
        var counter = run.Counter("c");
        run.Probe.ExpectMsg<RecoveryDone>();
        run.System.AdvanceTo(SimTime.FromMicroseconds(5));

        counter.Tell(new Add(1));
        run.Probe.ExpectMsg<Acked>();
        var ackedAt = run.System.Now;
        run.System.Scheduler.ScheduleTellOnce(SimTime.FromMicroseconds(7), counter, new AddAll([2, 3]), run.Probe.Ref);
        run.Probe.ReceiveN(2);
        var appliedAt = run.System.Now;
        counter.Tell(new TakeSnapshot());
        var saved = run.Probe.ExpectMsg<SaveSnapshotSuccess>();

        Assert.Equal(SimTime.FromMicroseconds(5), ackedAt);
        Assert.Equal(SimTime.FromMicroseconds(12), appliedAt);
        Assert.Equal(SimTime.FromMicroseconds(12), run.System.Now);
        Assert.Equal(5_000_000, Target.Query("SELECT created FROM journal WHERE persistence_id = 'c' AND sequence_number = 1"));
        Assert.Equal(12_000_000, Target.Query("SELECT MIN(created) FROM journal WHERE persistence_id = 'c' AND sequence_number IN (2, 3)"));
        Assert.Equal(12_000_000, Target.Query("SELECT MAX(created) FROM journal WHERE persistence_id = 'c' AND sequence_number IN (2, 3)"));
        Assert.Equal(new SnapshotMetadata("c", 3, 12_000_000), saved.Metadata);
        Assert.Equal(12_000_000, Target.Query("SELECT created FROM snapshot WHERE persistence_id = 'c'"));
    }

    [StoreFact]
    public void A_command_that_throws_persists_nothing_and_the_restarted_actor_recovers_its_state()
    {
        var run = StartRun();
        var counter = run.Counter("c");
        run.Probe.ExpectMsg(new RecoveryDone(0, 0));
        counter.Tell(new Add(1));
        run.Probe.ExpectMsg<Acked>();

        counter.Tell(new AddThenThrow(5));
        counter.Tell(new Add(2));

        Assert.Equal([new Replayed(1, 1), new RecoveryDone(1, 1), new Acked(2, 2, 3)], run.Probe.ReceiveN(3));
        Assert.Equal(2, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c'"));
    }

    [StoreFact]
    public void An_event_the_codec_cannot_encode_is_rejected_and_not_written_while_the_next_one_is()
    {
        var run = StartRun();
        var counter = run.Counter("c");
        run.Probe.ExpectMsg<RecoveryDone>();

        counter.Tell(new AddAfterUnregistered(4));

        var rejected = run.Probe.ExpectMsg<PersistRejected>();
        Assert.IsType<ArgumentException>(rejected.Cause);
        Assert.Equal((new BoolValue { Value = true }, 1L), (rejected.Event, rejected.SequenceNr));
        run.Probe.ExpectMsg(new Acked(4, 2, 4));
        Assert.Equal(2, Target.Query("SELECT MIN(sequence_number) FROM journal WHERE persistence_id = 'c'"));
        Assert.Equal(1, Target.Query("SELECT COUNT(*) FROM journal WHERE persistence_id = 'c'"));
    }

    private Run StartRun()
    {
        var run = new Run(Target.ConnectionString, $"run{_runs.Count}");
        _runs.Add(run);
        return run;
    }

    /// <summary>One actor system on its own connection to the store, with a probe that is the sender of the test's sends.</summary>
    private sealed class Run : IDisposable
    {
        private bool _disposed;

        public Run(string connectionString, string name)
        {
            Store = PersistenceStore.Open(connectionString);
            System = ActorSystem.Create(name);
            System.UsePersistence(Store, new ProtobufCodec().Register<Added>().Register<CounterState>().Register<Noted>());
            Probe = new TestProbe(System, "probe", Timeout);
            System.ExternalSender = Probe.Ref;
        }

        public PersistenceStore Store { get; }

        public ActorSystem System { get; }

        public TestProbe Probe { get; }

        public IActorRef Counter(string persistenceId) =>
            System.ActorOf(Props.Create(() => new Counter(persistenceId, Probe.Ref)), persistenceId);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            System.Dispose();
            Store.Dispose();
        }
    }

    /// <summary>Writes down, in order, each step of a command that persists events, nests a persist, defers and sends to itself.</summary>
    private sealed class Recorder(string persistenceId, List<string> log) : PersistentActor
    {
        public override string PersistenceId => persistenceId;

        protected override bool ReceiveRecover(object message)
        {
            log.Add(message switch
            {
                Noted noted => $"replayed {noted.Text}",
                RecoveryCompleted => $"recovered at {LastSequenceNr}",
                _ => $"unexpected {message}",
            });
            return true;
        }

        protected override bool ReceiveCommand(object message)
        {
            if (message is not string text) return false;
            if (text != "A")
            {
                log.Add(text);
                return true;
            }

            Persist(new Noted { Text = "A1" }, noted =>
            {
                log.Add($"{noted.Text} at {LastSequenceNr}");
                Persist(new Noted { Text = "A3 (nested)" }, nested => log.Add($"{nested.Text} at {LastSequenceNr}"));
                Self.Tell("from A1's handler");
            });
            Persist(new Noted { Text = "A2" }, noted => log.Add($"{noted.Text} at {LastSequenceNr}"));
            Defer(new Noted { Text = "A deferred" }, noted => log.Add(noted.Text));
            log.Add("A returned");
            return true;
        }
    }
}
