using Google.Protobuf;

namespace ActorMigration.Runtime.Persistence;

/// <summary>Maps manifests to Protocol Buffers message types, to turn journaled payloads back into messages.</summary>
/// <remarks>A manifest defaults to the message's full protobuf name; give one explicitly to keep old journals readable after a rename.</remarks>
public sealed class ProtobufCodec
{
    /// <summary>The serializer id written to the <c>identifier</c> and <c>serializer_id</c> columns: Akka's id for its Protocol Buffers serializer.</summary>
    public const int SerializerId = 2;

    private readonly Dictionary<string, MessageParser> parsers = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> manifests = [];

    /// <summary>Registers message type <typeparamref name="T"/> under <paramref name="manifest"/> (default: its full protobuf name); returns this codec.</summary>
    public ProtobufCodec Register<T>(string? manifest = null)
        where T : IMessage<T>, new()
    {
        manifest ??= new T().Descriptor.FullName;
        if (parsers.ContainsKey(manifest) || manifests.ContainsKey(typeof(T)))
        {
            throw new ArgumentException($"manifest '{manifest}' or message type {typeof(T).FullName} is already registered", nameof(manifest));
        }

        parsers.Add(manifest, new MessageParser<T>(() => new T()));
        manifests.Add(typeof(T), manifest);
        return this;
    }

    /// <summary>The manifest under which the type of <paramref name="message"/> is registered.</summary>
    public string ManifestOf(IMessage message) =>
        manifests.TryGetValue(message.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"message type {message.GetType().FullName} is not registered with the codec", nameof(message));

    /// <summary>A journal event carrying <paramref name="message"/> under its registered manifest.</summary>
    public PersistentRepr ToRepr(string persistenceId, long sequenceNr, long timestampPs, IMessage message) =>
        new(persistenceId, sequenceNr, timestampPs, ManifestOf(message), message.ToByteArray());

    /// <summary>The message a payload of type <paramref name="manifest"/> holds.</summary>
    /// <exception cref="UnknownManifestException">No type is registered under <paramref name="manifest"/>.</exception>
    public IMessage Deserialize(string manifest, byte[] payload)
    {
        if (!parsers.TryGetValue(manifest, out var parser))
        {
            var known = string.Join(", ", parsers.Keys.Order(StringComparer.Ordinal));
            throw new UnknownManifestException($"no Protocol Buffers message type is registered for manifest '{manifest}' (registered: {known})");
        }

        return parser.ParseFrom(payload);
    }
}
