using ActorMigration.Runtime.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace ActorMigration.Runtime.Tests.Persistence;

public sealed class ProtobufCodecTests
{
    private readonly ProtobufCodec codec = new ProtobufCodec().Register<StringValue>().Register<Int64Value>("folio.Pfn.v1");

    [Fact]
    public void A_message_round_trips_through_its_manifest()
    {
        var repr = codec.ToRepr("p", 7, 42_000, new Int64Value { Value = 0x1_0000 });

        Assert.Equal(("p", 7L, 42_000L, "folio.Pfn.v1"), (repr.PersistenceId, repr.SequenceNr, repr.TimestampPs, repr.Manifest));
        Assert.Equal(new Int64Value { Value = 0x1_0000 }, codec.Deserialize(repr.Manifest, repr.Payload));
        Assert.Equal("google.protobuf.StringValue", codec.ManifestOf(new StringValue()));
    }

    [Fact]
    public void An_unknown_manifest_names_the_registered_ones()
    {
        var error = Assert.Throws<UnknownManifestException>(() => codec.Deserialize("folio.Gone", []));

        Assert.Equal("no Protocol Buffers message type is registered for manifest 'folio.Gone' (registered: folio.Pfn.v1, google.protobuf.StringValue)", error.Message);
    }

    [Fact]
    public void A_type_or_manifest_registers_once()
    {
        Assert.Throws<ArgumentException>(() => codec.Register<StringValue>("other"));
        Assert.Throws<ArgumentException>(() => codec.Register<BoolValue>("folio.Pfn.v1"));
        Assert.Throws<ArgumentException>(() => codec.ManifestOf(new BoolValue()));
    }
}
