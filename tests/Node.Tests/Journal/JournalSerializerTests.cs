using ActorMigration.Contracts.Journal;
using ActorMigration.Node.Journal;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace ActorMigration.Node.Tests.Journal;

/// <summary>Journal payloads: chosen by Akka from the journal's HOCON, round-tripped, and every kind of damage caught.</summary>
public sealed class JournalSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-test", JournalConfig.For(JournalLocation.Parse("unused.db"), writable: false));

    public static TheoryData<IMessage> Events() => new()
    {
        new RunStarted { RunId = "run-000007", Scenario = "rfc", PlatformName = "zen3-ptdma", PlatformYaml = "name: zen3-ptdma\n", Mode = "dcbm", Workers = 16, Seed = ulong.MaxValue, Eagain = 0.25 },
        new BatchCompleted { Index = 3, StartPs = 1, EndPs = long.MaxValue, FirstDonePs = -1, FallbackReasons = { "ENOMEM" }, FallbackCounts = { 2 }, InaccessiblePs = { 5, 6 } },
        new FoliosCompleted { Batch = 1, Folio = { 0, 1 }, UnmapStartPs = { 1, 2 }, UnmapEndPs = { 3, 4 }, CopyStartPs = { -1, 5 }, CopyEndPs = { -1, 6 }, RemapStartPs = { 7, 8 }, RemapEndPs = { 9, 10 }, Errno = { 11, 0 } },
        new SpansRecorded { Track = { "ptdma-ch0" }, Name = { "descriptor" }, StartPs = { 10 }, EndPs = { 20 } },
        new RunCompleted { StartPs = 0, EndPs = 99, TraceHash = 0xd4566c5261e8017b, Events = 527_874, SimTimePs = 296_176_185_000 },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Akka_serializes_every_journal_event_with_it_under_a_versioned_manifest(IMessage e)
    {
        var serializer = Assert.IsType<JournalSerializer>(_system.Serialization.FindSerializerFor(e));
        Assert.Equal($"actormigration.journal.v1.{e.Descriptor.Name}", serializer.Manifest(e));
        var back = _system.Serialization.Deserialize(serializer.ToBinary(e), JournalSerializer.Id, serializer.Manifest(e));
        Assert.Equal(e, back);
    }

    [Fact]
    public void Any_flipped_bit_of_a_payload_is_caught_by_its_checksum()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)_system);
        var e = new RunStarted { RunId = "run-000001", PlatformYaml = "name: zen3-ptdma\n", Seed = 42 };
        var bytes = serializer.ToBinary(e);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            var read = Assert.IsType<UnreadableEvent>(serializer.FromBinary(damaged, serializer.Manifest(e)));
            Assert.Contains("checksum mismatch", read.Problem);
        }
    }

    [Fact]
    public void A_truncated_payload_or_an_unknown_event_type_is_unreadable_not_an_exception()
    {
        var serializer = new JournalSerializer((ExtendedActorSystem)_system);
        Assert.Contains("shorter than its checksum", Assert.IsType<UnreadableEvent>(serializer.FromBinary([1, 2], "actormigration.journal.v1.RunCompleted")).Problem);
        var bytes = serializer.ToBinary(new RunCompleted { Events = 3 });
        Assert.Contains("unknown event type 'actormigration.journal.v2.RunCompleted'",
            Assert.IsType<UnreadableEvent>(serializer.FromBinary(bytes, "actormigration.journal.v2.RunCompleted")).Problem);
    }

    public void Dispose() => _system.Terminate().Wait();
}
