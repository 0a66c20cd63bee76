using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using Akka.Actor;

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
        Run();
        ExpectMsg(new MigratorRegistered(Errno.Success));
        Registry.Tell(new RegisterMigrator(second.Ref, AllReasons));
        Run();
        ExpectMsg(new MigratorRegistered(Errno.EBUSY));
        Registry.Tell(new RegisterMigrator(first.Ref, AllReasons));
        Run();
        ExpectMsg(new MigratorRegistered(Errno.EBUSY));

        Registry.Tell(new AcquireMigrator(MigrateReason.Syscall));
        Run();
        ExpectMsg(new MigratorLease(first.Ref)); // the refused registration changed nothing
        Registry.Tell(new ReleaseMigrator(first.Ref));

        Registry.Tell(new UnregisterMigrator(first.Ref));
        RunUntil(World.Now);
        ExpectMsg(new MigratorUnregistered(first.Ref)); // nothing in flight: answered at once
        Registry.Tell(new RegisterMigrator(second.Ref, AllReasons));
        Run();
        ExpectMsg(new MigratorRegistered(Errno.Success));
        Registry.Tell(new AcquireMigrator(MigrateReason.Syscall));
        Run();
        ExpectMsg(new MigratorLease(second.Ref));
        Events.AssertNone();
    }

    [Fact]
    public void Unregistration_is_answered_only_once_every_lease_is_released_and_no_new_lease_is_granted_meanwhile()
    {
        var migrator = CreateTestProbe("migrator-probe");
        var readers = new[] { CreateTestProbe("reader1"), CreateTestProbe("reader2"), CreateTestProbe("reader3") };
        Registry.Tell(new RegisterMigrator(migrator.Ref, AllReasons));
        Run();
        ExpectMsg(new MigratorRegistered(Errno.Success));
        foreach (var reader in readers[..2])
        {
            reader.Send(Registry, new AcquireMigrator(MigrateReason.Syscall));
            Run();
            reader.ExpectMsg(new MigratorLease(migrator.Ref));
        }

        Registry.Tell(new UnregisterMigrator(migrator.Ref));
        ExpectNoMsgWhileHolding();
        readers[2].Send(Registry, new AcquireMigrator(MigrateReason.Syscall));
        Run();
        readers[2].ExpectMsg(new MigratorLease(null)); // draining: the CPU copies
        readers[0].Send(Registry, new ReleaseMigrator(migrator.Ref));
        ExpectNoMsgWhileHolding();
        readers[1].Send(Registry, new ReleaseMigrator(migrator.Ref));
        RunUntil(World.Now);
        ExpectMsg(new MigratorUnregistered(migrator.Ref)); // at once on the last release
        Events.AssertNone();
    }

    /// <summary>A real task's batch is in flight at a probe migrator when the driver unregisters it: the answer comes only after
    /// the probe returned the batch and the task released its lease; the task's later batches are copied by the CPU.</summary>
    [Fact]
    public void Unregistration_waits_for_the_batch_in_flight()
    {
        var log = new ProtocolLog(World);
        var registry = Spawn(Props.Create(() => new Tap(Machine.Registry, "registry>", log)), "registry-tap");
        var migrator = CreateTestProbe("migrator-probe");
        var driver = CreateTestProbe("driver");
        driver.Send(Registry, new RegisterMigrator(migrator.Ref, AllReasons));
        Run();
        driver.ExpectMsg(new MigratorRegistered(Errno.Success));
        var folios = new FolioRecorder(300, ByteSize.Page.Bytes);
        var task = StartTask(folios, s => s with { Registry = registry });
        task.Tell(new MovePages(folios.Count, ByteSize.Page, MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 128, FaultInjection.None));

        RunUntilReceived(migrator);
        var batch = migrator.ExpectMsg<CopyBatch>(b => b.Folios.Length == 128);
        driver.Send(Registry, new UnregisterMigrator(migrator.Ref));
        ExpectNoMsgWhileHolding(driver); // the batch is in flight
        Assert.DoesNotContain(log.Entries, e => e.Message is ReleaseMigrator);
        var returnedAt = World.Now;
        migrator.Reply(new BatchCopied(batch.Folios, CopyFallback.None, 0));

        RunUntilReceived(driver);
        driver.ExpectMsg(new MigratorUnregistered(migrator.Ref));
        var release = Assert.Single(log.Entries, e => e.Message is ReleaseMigrator);
        Assert.Equal(returnedAt.Picoseconds, release.AtPs);
        Assert.True(World.Now.Picoseconds >= release.AtPs);

        Run();

        var report = ExpectMsg<MovePagesDone>().Report;
        migrator.ExpectNoMsg(); // later batches found no migrator
        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        Assert.Equal(folios.Count, report.Succeeded);
        Assert.Equal(3, log.Entries.Count(e => e.Message is AcquireMigrator));
    }
}
