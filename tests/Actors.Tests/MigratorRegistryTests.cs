using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>Registration of the one active migrator (-EBUSY while one is active), and unregistration that waits, SRCU-style,
/// until no batch that may still use the migrator is in flight, so that its driver can go away safely.</summary>
public sealed class MigratorRegistryTests : HandWiredKit
{
    private IActorRef Registry => Machine.Registry;

    [Fact]
    public void A_second_registration_is_refused_with_EBUSY_until_the_first_is_unregistered()
    {
        var first = CreateTestProbe("first-migrator");
        var second = CreateTestProbe("second-migrator");
        Registry.Tell(new RegisterMigrator(first.Ref, AllReasons));
        ExpectMsg(new MigratorRegistered(Errno.Success));
        Registry.Tell(new RegisterMigrator(second.Ref, AllReasons));
        ExpectMsg(new MigratorRegistered(Errno.EBUSY));
        Registry.Tell(new RegisterMigrator(first.Ref, AllReasons));
        ExpectMsg(new MigratorRegistered(Errno.EBUSY));

        Registry.Tell(new AcquireMigrator(MigrateReason.Syscall));
        ExpectMsg(new MigratorLease(first.Ref)); // the refused registration changed nothing
        Registry.Tell(new ReleaseMigrator(first.Ref));

        Registry.Tell(new UnregisterMigrator(first.Ref));
        ExpectMsg(new MigratorUnregistered(first.Ref)); // nothing in flight: answered at once
        Registry.Tell(new RegisterMigrator(second.Ref, AllReasons));
        ExpectMsg(new MigratorRegistered(Errno.Success));
        Registry.Tell(new AcquireMigrator(MigrateReason.Syscall));
        ExpectMsg(new MigratorLease(second.Ref));
        EventCollector.AssertNone(Events);
    }

    [Fact]
    public void Unregistration_is_answered_only_once_every_lease_is_released_and_no_new_lease_is_granted_meanwhile()
    {
        var migrator = CreateTestProbe("migrator-probe");
        var readers = new[] { CreateTestProbe("reader1"), CreateTestProbe("reader2"), CreateTestProbe("reader3") };
        Registry.Tell(new RegisterMigrator(migrator.Ref, AllReasons));
        ExpectMsg(new MigratorRegistered(Errno.Success));
        foreach (var reader in readers[..2])
        {
            reader.Send(Registry, new AcquireMigrator(MigrateReason.Syscall));
            reader.ExpectMsg(new MigratorLease(migrator.Ref));
        }

        Registry.Tell(new UnregisterMigrator(migrator.Ref));
        ExpectNoMsg(Hold);
        readers[2].Send(Registry, new AcquireMigrator(MigrateReason.Syscall));
        readers[2].ExpectMsg(new MigratorLease(null)); // draining: the CPU copies
        readers[0].Send(Registry, new ReleaseMigrator(migrator.Ref));
        ExpectNoMsg(Hold);
        readers[1].Send(Registry, new ReleaseMigrator(migrator.Ref));
        ExpectMsg(new MigratorUnregistered(migrator.Ref), SimTime.Zero);
        EventCollector.AssertNone(Events);
    }

    /// <summary>A real task's batch is in flight at a probe migrator when the driver unregisters it: the answer comes only after
    /// the probe returned the batch and the task released its lease; the task's later batches are copied by the CPU.</summary>
    [Fact]
    public void Unregistration_waits_for_the_batch_in_flight()
    {
        var log = new ProtocolLog(Sys);
        var registry = Sys.ActorOf(Props.Create(() => new Tap(Machine.Registry, "registry>", log)), "registry-tap");
        var migrator = CreateTestProbe("migrator-probe");
        var driver = CreateTestProbe("driver");
        driver.Send(Registry, new RegisterMigrator(migrator.Ref, AllReasons));
        driver.ExpectMsg(new MigratorRegistered(Errno.Success));
        var folios = new FolioRecorder(300, ByteSize.Page.Bytes);
        var task = StartTask(folios, s => s with { Registry = registry });
        task.Tell(new MovePages(folios.Count, ByteSize.Page, MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 128, FaultInjection.None));

        var batch = migrator.ExpectMsg<CopyBatch>(b => b.Folios.Length == 128);
        driver.Send(Registry, new UnregisterMigrator(migrator.Ref));
        driver.ExpectNoMsg(Hold); // the batch is in flight
        Assert.DoesNotContain(log.Entries, e => e.Message is ReleaseMigrator);
        var returnedAt = Sys.Now;
        migrator.Reply(new BatchCopied(batch.Folios, CopyFallback.None, 0));

        driver.ExpectMsg(new MigratorUnregistered(migrator.Ref));
        var release = Assert.Single(log.Entries, e => e.Message is ReleaseMigrator);
        Assert.Equal(returnedAt.Picoseconds, release.AtPs);
        Assert.True(Sys.Now.Picoseconds >= release.AtPs);

        var report = ExpectMsg<MovePagesDone>().Report;
        migrator.ExpectNoMsg(SimTime.Zero); // later batches found no migrator
        EventCollector.AssertNone(Events);
        FolioAssert.Accounted(folios, report);
        Assert.Equal(folios.Count, report.Succeeded);
        Assert.Equal(3, log.Entries.Count(e => e.Message is AcquireMigrator));
    }
}
