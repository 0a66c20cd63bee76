using ActorMigration.Actors.Copy;
using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>Two migrating threads (two move_pages callers) sharing one migrator: neither is lost, every folio copied once.</summary>
public sealed class ConcurrentCallerTests : HandWiredKit
{
    private (IActorRef Task, FolioList Folios) Caller(int cpu, string name, int folios)
    {
        var setup = Machine.TaskSetup(cpu);
        var task = Sys.ActorOf(Props.Create(() => new MigratingTask(setup)), name);
        return (task, new FolioList(folios, ByteSize.FromKiB(64)));
    }

    private void Register(IActorRef migrator)
    {
        Machine.Registry.Tell(new RegisterMigrator(migrator, AllReasons));
        ExpectMsg<MigratorRegistered>(r => r.Result == Errno.Success);
    }

    [Theory]
    [InlineData(CopyMode.Batch)]
    [InlineData(CopyMode.MtCopy)]
    [InlineData(CopyMode.Dcbm)]
    public void A_second_caller_is_served_or_falls_back_never_dropped(CopyMode mode)
    {
        IActorRef migrator = mode switch
        {
            CopyMode.Batch => Sys.ActorOf(Props.Create(() => new KernelCopyMigrator(Machine.Fabric, Machine.CpuPaths)), "folios_mc_copy"),
            CopyMode.MtCopy => Sys.ActorOf(Props.Create(() => new MtCopyMigrator(Machine.SpawnCopyWorkers(Sys, 4, WorkerPlacement.Packed, 0, null), Machine.Profile.MtCopy)), "mtcopy"),
            _ => Sys.ActorOf(Props.Create(() => new DcbmMigrator(Machine.Engines, Machine.Profile.Dcbm)), "dcbm"),
        };
        Register(migrator);
        var first = Caller(0, "task0", 64);
        var second = Caller(4, "task1", 64);
        first.Task.Tell(new MovePages(first.Folios, MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 4096, FaultInjection.None));
        second.Task.Tell(new MovePages(second.Folios, MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 4096, FaultInjection.None));

        var reports = new[] { ExpectMsg<MovePagesDone>().Report, ExpectMsg<MovePagesDone>().Report };

        EventCollector.AssertNone(Events);
        Assert.All(reports, r => Assert.Equal(64, r.Succeeded));
        Assert.All(new[] { first.Folios, second.Folios }, f => Assert.All(f.CopyCount, c => Assert.Equal(1, c)));
        var busy = reports.Sum(r => r.Fallbacks[ReportNames.Of(CopyFallback.ChannelBusy)]);
        Assert.Equal(mode == CopyMode.Dcbm ? 1 : 0, busy); // dcbm's channels are held by the first batch: the second is copied by its CPU
    }
}
