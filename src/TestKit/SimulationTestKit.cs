using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.Configuration;

namespace ActorMigration.TestKit;

/// <summary>Akka.TestKit.Xunit2's <c>TestKit</c> over a simulation system: the test drives virtual time, and Akka's probes
/// (<c>CreateTestProbe</c>, <c>ExpectMsg</c>, <c>ExpectNoMsg</c>, <c>Watch</c>/<c>ExpectTerminated</c>) check what arrived.</summary>
/// <remarks>
/// Probes run on Akka's calling-thread dispatcher, so what a simulation actor sends them is in their queue as soon as the
/// driver has run the send. Expectations therefore do not wait: drive the world (<see cref="Run"/>, <see cref="RunUntil"/>),
/// then expect. A missing message fails at once instead of after a wall-clock timeout, and <c>ExpectNoMsg()</c> means
/// "nothing arrived in all the virtual time run so far".
/// </remarks>
public abstract class SimulationTestKit : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config NoWaiting = ConfigurationFactory.ParseString("akka.test.single-expect-default = 0s\nakka.test.expect-no-message-default = 0s");

    /// <summary>A fresh simulation system seeded with <paramref name="seed"/>.</summary>
    protected SimulationTestKit(ulong seed = 1) : base(NoWaiting.WithFallback(SimulationConfig.For(seed)))
    {
        World = SimulationWorld.Of(Sys);
    }

    /// <summary>The test's world: its clock, trace hash and driver.</summary>
    protected SimulationWorld World { get; }

    /// <summary>Creates a simulation actor under the simulation root.</summary>
    protected IActorRef Spawn(Props props, string? name = null) => World.ActorOf(props, name);

    /// <summary>Runs the world to quiescence; returns the events executed.</summary>
    protected long Run() => World.Run();

    /// <summary>Runs every event due at or before <paramref name="time"/>.</summary>
    protected long RunUntil(SimTime time) => World.RunUntil(time);

    /// <inheritdoc />
    protected override void AfterAll()
    {
        World.Dispose();
        base.AfterAll();
    }
}
