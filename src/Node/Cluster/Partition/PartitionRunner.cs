using System.Diagnostics;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using Akka.Actor;

namespace ActorMigration.Node.Cluster.Partition;

/// <summary>One partition of a partitioned run on this member: its world (built on start), driven one window at a time as the
/// coordinator says; it watches the coordinator and frees the world when the run ends or the coordinator is lost.</summary>
/// <remarks>The world is driven from whichever thread handles the current message: one at a time, as an actor's messages are,
/// which is all the world's single-driver rule asks.</remarks>
public sealed class PartitionRunner : ReceiveActor
{
    private readonly StartPartition _start;
    private readonly IActorRef _coordinator;
    private TieringPart? _part;

    /// <summary>See <see cref="Props"/>.</summary>
    public PartitionRunner(StartPartition start, IActorRef coordinator)
    {
        _start = start;
        _coordinator = coordinator;
        Receive<RunWindow>(w => w.RunId == _start.RunId, Run);
        Receive<EndPartition>(e => e.RunId == _start.RunId, _ => Context.Stop(Self));
        Receive<Terminated>(t => t.ActorRef.Equals(_coordinator), _ => Context.Stop(Self));
    }

    /// <summary>A runner of <paramref name="start"/> answering <paramref name="coordinator"/>.</summary>
    public static Props Props(StartPartition start, IActorRef coordinator) => Akka.Actor.Props.Create(() => new PartitionRunner(start, coordinator));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.Watch(_coordinator);
        try
        {
            _part = TieringPart.Build(_start.Scenario, TieringShards.OfPartition(_start.Scenario.System, _start.Partition, _start.Partitions));
            Console.Error.WriteLine($"actormigration: partition {_start.Partition + 1} of {_start.Partitions} of run {_start.RunId:N} started");
            _coordinator.Tell(new PartitionReady(_start.RunId, _start.Partition, _part.World.NextEventTime?.Picoseconds), Self);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <inheritdoc />
    protected override void PostStop() => _part?.Dispose();

    private void Run(RunWindow window)
    {
        if (_part is not { World: var world }) return;
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var crossing in window.Inbox) world.Inject(crossing);
            world.AdvanceTo(SimTime.FromPicoseconds(window.EndPs));
            var outbox = world.TakeCrossings();
            var telemetry = window.Stop ? _part.Telemetry : null;
            var shards = window.Stop ? world.Shards.Select(s => new ShardTrace(s.Index, s.TraceHash, s.DeliveredCount)).ToArray() : null;
            _coordinator.Tell(new WindowDone(_start.RunId, _start.Partition, outbox, world.NextEventTime?.Picoseconds, telemetry, shards,
                clock.Elapsed.TotalMilliseconds), Self);
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Fail(Exception e)
    {
        _coordinator.Tell(new PartitionFailed(_start.RunId, _start.Partition, $"{e.GetType().Name}: {e.Message}"), Self);
        Context.Stop(Self);
    }
}
