using System.Collections.Immutable;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Actors.Tests;

/// <summary>The migrating task checks what a migrator says it copied against its own folios: a folio copied twice, or copied
/// before its TLB flush, stops the task with an <see cref="InvalidOperationException"/> naming the folio: the failure reaches
/// the simulation root, which stops the task and ends the run with it.</summary>
public sealed class TaskInvariantTests : HandWiredKit
{
    /// <summary>A probe migrator answers the second batch copy with <paramref name="answer"/> (given the first and second batch
    /// lists); the task must fail with <paramref name="expected"/>.</summary>
    [Theory]
    [InlineData("listed twice", "Folio 128 copied twice")]
    [InlineData("earlier batch", "Folio 0 copied twice")]
    [InlineData("later batch", "Folio 299 copied before its TLB flush")]
    [InlineData("outside the call", "Folio 300 copied, but the call has folios 0..299")]
    public void A_bad_BatchCopied_stops_the_task(string answer, string expected)
    {
        var migrator = RegisterProbeMigrator();
        var folios = new FolioRecorder(300, 4096);
        var task = StartTask(folios, s => s);
        Watch(task);
        task.Tell(new MovePages(folios.Count, ByteSize.FromKiB(4), MigrateMode.Async, MigrateReason.Syscall, CopyFlow.BatchCopy, 128, FaultInjection.None), migrator.Ref);

        Run();
        var first = migrator.ExpectMsg<CopyBatch>();
        migrator.Reply(new BatchCopied(first.Folios, CopyFallback.None, 0));
        Run();
        var second = migrator.ExpectMsg<CopyBatch>();
        ImmutableArray<int> copied = answer switch
        {
            "listed twice" => [.. second.Folios, second.Folios[0]],
            "earlier batch" => [.. second.Folios, first.Folios[0]],
            "later batch" => [.. second.Folios, 299],
            _ => [.. second.Folios, 300],
        };
        migrator.Reply(new BatchCopied(copied, CopyFallback.None, 0));

        var failure = Assert.Throws<SimulationFailedException>(() => Run());

        Assert.Equal("/user/sim/task0", failure.ActorPath);
        Assert.Equal($"/user/sim/task0 failed at {failure.At}: {expected}", failure.Message);
        var cause = Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.Equal(expected, cause.Message);
        Run(); // the rest of the run: the task is stopped, and nothing else fails
        ExpectTerminated(task);
        migrator.ExpectNoMsg();
        Events.AssertNone();
    }
}
