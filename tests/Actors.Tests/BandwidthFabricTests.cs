using ActorMigration.Actors.Fabric;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>The fabric's max-min sharing over time, around the end of a lone transfer (which the fabric books as the
/// <see cref="TransferDone"/> itself): a transfer that starts before that end, or at that very instant, re-times it as a
/// wake-up would have.</summary>
public sealed class BandwidthFabricTests : SimulationTestKit
{
    private static readonly SimTime OneMicrosecond = SimTime.FromNanoseconds(1000);

    private sealed record Done(long Token, SimTime At);

    /// <summary>Owns transfers: reports each <see cref="TransferDone"/> with the virtual time it arrived.</summary>
    private sealed class Owner(IActorRef probe) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is TransferDone done) probe.Tell(new Done(done.Token, Context.Now()));
            else Unhandled(message);
        }
    }

    /// <summary>One resource of 1 GB/s; transfers capped at 1 GB/s, so a lone one takes 1 µs per 1,000 bytes.</summary>
    private IActorRef Fabric() => Spawn(SimulationProps.Of(() => new BandwidthFabric(new[] { ("link", Bandwidth.FromGBps(1)) })), "fabric");

    private void StartAt(SimTime at, IActorRef fabric, IActorRef owner, long token) =>
        World.ScheduleTellOnce(at, fabric, new StartTransfer(token, 1000, 1e9, ResourceSet.Of(0)), owner);

    [Fact]
    public void A_lone_transfer_ends_at_its_own_rate()
    {
        var probe = CreateTestProbe();
        var fabric = Fabric();
        StartAt(SimTime.Zero, fabric, Spawn(Props.Create(() => new Owner(probe)), "a"), 1);
        Run();
        probe.ExpectMsg(new Done(1, OneMicrosecond));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_transfer_started_halfway_through_a_lone_one_shares_the_link_and_delays_its_end()
    {
        var probe = CreateTestProbe();
        var fabric = Fabric();
        StartAt(SimTime.Zero, fabric, Spawn(Props.Create(() => new Owner(probe)), "a"), 1);
        StartAt(SimTime.FromNanoseconds(500), fabric, Spawn(Props.Create(() => new Owner(probe)), "b"), 2);
        Run();
        // From 0.5 µs both move at 0.5 GB/s: the first's last 500 bytes take 1 µs; the second then has 500 bytes left alone.
        probe.ExpectMsg(new Done(1, SimTime.FromNanoseconds(1500)));
        probe.ExpectMsg(new Done(2, OneMicrosecond * 2));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_transfer_started_at_the_instant_a_lone_one_ends_but_ahead_of_it_in_the_order_does_not_delay_it()
    {
        var probe = CreateTestProbe();
        var fabric = Fabric();
        StartAt(SimTime.Zero, fabric, Spawn(Props.Create(() => new Owner(probe)), "a"), 1);
        // Sent from outside the world (sender id 0), the start comes before the fabric's booked end at 1 µs.
        StartAt(OneMicrosecond, fabric, Spawn(Props.Create(() => new Owner(probe)), "b"), 2);
        Run();
        probe.ExpectMsg(new Done(1, OneMicrosecond));
        probe.ExpectMsg(new Done(2, OneMicrosecond * 2));
        probe.ExpectNoMsg(TimeSpan.Zero);
    }
}
