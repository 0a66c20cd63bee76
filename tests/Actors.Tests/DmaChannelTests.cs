using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests;

/// <summary>One DMA channel with a probe as its fabric, the test as the migrator holding it: descriptor by descriptor, and what
/// a channel error does to the descriptors behind it.</summary>
public sealed class DmaChannelTests : HandWiredKit
{
    private readonly TestProbe _fabric;

    public DmaChannelTests() => _fabric = CreateTestProbe("fabric-probe");

    /// <summary>A DSA-like channel (several descriptors in flight, fetches overlapping transfers); with <paramref name="errorProbability"/>
    /// 1 the first descriptor to complete fails.</summary>
    private IActorRef Channel(int inFlight, double errorProbability)
    {
        var spec = Profiles.Zen3.Engines[0] with { InFlightPerChannel = inFlight, ChannelErrorProbability = errorProbability };
        var fabric = _fabric.Ref;
        var channel = Spawn(Props.Create(() => new DmaChannel(0, spec, fabric, ResourceSet.Of(0), IommuMode.Passthrough)), "channel");
        channel.Tell(new TryAcquireChannel());
        Run();
        ExpectMsg<ChannelAcquired>(a => a.Acquired);
        return channel;
    }

    /// <summary>A batch of <paramref name="count"/> 4K folios, one descriptor each.</summary>
    private static SubmitDescriptors Submit(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new DmaDescriptor(i, 1, ByteSize.Page.Bytes, 1))], 0, count, ResourceSet.None);

    [Fact]
    public void Descriptors_completing_out_of_order_copy_every_folio_once()
    {
        var channel = Channel(inFlight: 4, errorProbability: 0);
        channel.Tell(Submit(4));
        Run(); // the probe holds every transfer: the channel starts its four and waits
        var started = Enumerable.Range(0, 4).Select(_ => _fabric.ExpectMsg<StartTransfer>()).ToArray();
        Assert.Equal([0L, 1, 2, 3], started.Select(s => s.Token));
        foreach (var s in started.Reverse()) _fabric.Reply(new TransferDone(s.Token));
        Run();
        var completed = ExpectMsg<DescriptorsCompleted>(c => !c.Error);
        Assert.Equal(new[] { 3, 2, 1, 0 }, completed.Completed.ToArray()); // each descriptor once, as it completed
        Events.AssertNone();
    }

    /// <summary>The failing descriptor completes while the fetch of the next one is under way: the channel reports the error,
    /// starts nothing more, survives, and can be released and taken again.</summary>
    [Fact]
    public void An_error_while_a_fetch_is_under_way_stops_the_channel_cleanly()
    {
        var channel = Channel(inFlight: 2, errorProbability: 1);
        channel.Tell(Submit(4));
        RunUntilReceived(_fabric); // not a step further: the fetch of descriptor 1 is under way
        _fabric.ExpectMsg<StartTransfer>(t => t.Token == 0);
        _fabric.Reply(new TransferDone(0)); // fails
        Run();
        ExpectMsg<DescriptorsCompleted>(c => c.Error && c.Completed.IsEmpty);
        ExpectNoMsgWhileHolding(_fabric);
        channel.Tell(new ReleaseChannel());
        channel.Tell(new TryAcquireChannel());
        Run();
        ExpectMsg<ChannelAcquired>(a => a.Acquired);
        Events.AssertNone();
    }

    /// <summary>A descriptor fails while another is in flight and a third is being fetched: nothing new starts after the
    /// error, the channel waits for the one in flight and then reports.</summary>
    [Fact]
    public void An_error_with_descriptors_in_flight_starts_no_more_descriptors()
    {
        var channel = Channel(inFlight: 3, errorProbability: 1);
        channel.Tell(Submit(6));
        RunUntilReceived(_fabric);
        _fabric.ExpectMsg<StartTransfer>(t => t.Token == 0);
        RunUntilReceived(_fabric);
        _fabric.ExpectMsg<StartTransfer>(t => t.Token == 1); // the fetch of descriptor 2 is now under way
        _fabric.Reply(new TransferDone(0)); // fails
        ExpectNoMsgWhileHolding(_fabric);
        ExpectNoMsg(); // descriptor 1 is still in flight
        _fabric.Send(channel, new TransferDone(1));
        Run();
        ExpectMsg<DescriptorsCompleted>(c => c.Error && c.Completed.IsEmpty);
        ExpectNoMsgWhileHolding(_fabric);
        Events.AssertNone();
    }
}
