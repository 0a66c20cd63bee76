using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Runtime.VirtualTime;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>A probe playing the workload of a caller that isolates folios on its own schedule (kcompactd, move_pages(2), memory
/// hotplug offline): each <see cref="IsolateWhere"/> gets the round's folios from <see cref="Selection"/> and is logged with the
/// virtual time it came at, as is each <see cref="PutbackFolios"/>; anything else fails the test.</summary>
internal sealed class ScriptedWorkload(TestProbe probe, SimulationWorld world)
{
    /// <summary>The probe the caller under test sends to.</summary>
    public TestProbe Probe => probe;

    /// <summary>The folios of round N (from 0); none by default.</summary>
    public Func<int, FoliosSelected> Selection { get; set; } = _ => new FoliosSelected([]);

    /// <summary>Each selection asked for, in order, with its virtual time (ps).</summary>
    public List<(long AtPs, IsolateWhere Select)> Selects { get; } = [];

    /// <summary>Each putback, in order.</summary>
    public List<PutbackFolios> Putbacks { get; } = [];

    /// <summary>Answers and logs what the caller sent since the last call: a step for <c>Drive</c>.</summary>
    public void Play()
    {
        while (probe.HasMessages)
            switch (probe.ReceiveOne(TimeSpan.Zero))
            {
                case IsolateWhere select:
                    probe.Reply(Selection(Selects.Count));
                    Selects.Add((world.Now.Picoseconds, select));
                    break;
                case PutbackFolios putback:
                    Putbacks.Add(putback);
                    break;
                case var other:
                    Assert.Fail($"The workload got {other}");
                    break;
            }
    }
}
