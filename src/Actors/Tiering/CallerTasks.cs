using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>A caller's migrating threads: one <see cref="MigratingTask"/> per CPU and route, made on first use as the caller's
/// children (a task copies between the two nodes its setup names), and which of them a reply came from.</summary>
public sealed class CallerTasks(Machine machine)
{
    private readonly Dictionary<(int Cpu, int Source, int Target), IActorRef> _tasks = [];

    /// <summary>The task on <paramref name="cpu"/> that migrates from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public IActorRef For(IActorContext context, int cpu, int source, int target)
    {
        if (_tasks.TryGetValue((cpu, source, target), out var task)) return task;
        var setup = machine.TaskSetup(cpu, source, target);
        return _tasks[(cpu, source, target)] = context.ActorOf(SimulationProps.Of(() => new MigratingTask(setup)), $"cpu{cpu}-{source}to{target}");
    }
}
