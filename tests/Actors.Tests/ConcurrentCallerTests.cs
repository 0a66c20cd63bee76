using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using Akka.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>Two migrating threads (two move_pages callers) sharing one migrator: neither is lost, every folio copied once.</summary>
public sealed class ConcurrentCallerTests : HandWiredKit
{
    private (IActorRef Task, FolioRecorder Folios) Caller(int cpu, string name, int count)
    {
        var folios = new FolioRecorder(count, 65536);
        var setup = Machine.TaskSetup(cpu) with { Recorder = folios };
        var task = Spawn(Props.Create(() => new MigratingTask(setup)), name);
        return (task, folios);
    }

    private void Register(IActorRef migrator)
    {
        Machine.Registry.Tell(new RegisterMigrator(migrator, AllReasons));
        Run();
        ExpectMsg<MigratorRegistered>(r => r.Result == Errno.Success);
    }

    [Theory]
    [InlineData(CopyMode.Batch)]
    [InlineData(CopyMode.MtCopy)]
    [InlineData(CopyMode.Dcbm)]
    public void A_second_caller_is_served_or_falls_back_never_dropped(CopyMode mode)
    {
        Register(MigratorFactory.Create(World, Machine, Scenarios.Of(mode, 65536, workers: 4).Copy));
        var first = Caller(0, "task0", 64);
        var second = Caller(4, "task1", 64);
        first.Task.Tell(new MovePages(first.Folios.Count, ByteSize.FromKiB(64), MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 4096, FaultInjection.None));
        second.Task.Tell(new MovePages(second.Folios.Count, ByteSize.FromKiB(64), MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 4096, FaultInjection.None));
        Run();

        var reports = new[] { ExpectMsg<MovePagesDone>().Report, ExpectMsg<MovePagesDone>().Report };

        Events.AssertNone();
        Assert.All(reports, r => Assert.Equal(64, r.Succeeded));
        Assert.All(reports.Zip([first.Folios, second.Folios]), r => FolioAssert.Accounted(r.Second, r.First));
        var busy = reports.Sum(r => r.Fallbacks[ReportNames.Of(CopyFallback.ChannelBusy)]);
        Assert.Equal(mode == CopyMode.Dcbm ? 1 : 0, busy); // dcbm's channels are held by the first batch: the second is copied by its CPU
    }
}
