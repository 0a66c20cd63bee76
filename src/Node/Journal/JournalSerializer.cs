using System.Buffers.Binary;
using System.Collections.Frozen;
using ActorMigration.Contracts.Journal;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorMigration.Node.Journal;

/// <summary>The Akka serializer of journal events: the Protocol Buffers messages of <c>journal.proto</c>, each prefixed with the
/// CRC-32C of its bytes, under a manifest that is the message's full name (<c>actormigration.journal.v1.RunStarted</c>): the
/// proto package carries the format's version.</summary>
/// <remarks>Reading never throws: a payload that fails its checksum or parse, or names an unknown type, becomes an
/// <see cref="UnreadableEvent"/>, so a damaged row is reported at its position instead of failing the whole read.</remarks>
public sealed class JournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>This serializer's id in Akka's serialization registry (ids below 100 are Akka's own).</summary>
    public const int Id = 7301;

    private const int ChecksumBytes = sizeof(uint);

    // Every event type a journal holds.
    private static readonly MessageDescriptor[] Descriptors =
        [RunStarted.Descriptor, BatchCompleted.Descriptor, FoliosCompleted.Descriptor, SpansRecorded.Descriptor, RunCompleted.Descriptor];

    private static readonly FrozenDictionary<string, MessageParser> ByManifest =
        Descriptors.ToFrozenDictionary(d => d.FullName, d => d.Parser, StringComparer.Ordinal);

    /// <summary>The CLR types to bind to this serializer in HOCON.</summary>
    public static IEnumerable<Type> EventTypes => Descriptors.Select(d => d.ClrType);

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o) => Message(o).Descriptor.FullName;

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        var message = Message(obj);
        var bytes = new byte[ChecksumBytes + message.CalculateSize()];
        message.WriteTo(bytes.AsSpan(ChecksumBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Crc32C.Compute(bytes.AsSpan(ChecksumBytes)));
        return bytes;
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var parser))
            return new UnreadableEvent($"unknown event type '{manifest}' (written by another version of actormigration?)");
        if (bytes.Length < ChecksumBytes) return new UnreadableEvent($"{bytes.Length} bytes, shorter than its checksum");
        var payload = bytes.AsSpan(ChecksumBytes);
        var (stored, computed) = (BinaryPrimitives.ReadUInt32LittleEndian(bytes), Crc32C.Compute(payload));
        if (stored != computed) return new UnreadableEvent($"checksum mismatch (stored {stored:x8}, payload {computed:x8})");
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return new UnreadableEvent($"not a valid {manifest}: {e.Message}");
        }
    }

    private static IMessage Message(object o) =>
        o is IMessage m && ByManifest.ContainsKey(m.Descriptor.FullName) ? m : throw new ArgumentException($"{o.GetType()} is not a journal event", nameof(o));
}
