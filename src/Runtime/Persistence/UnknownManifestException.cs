namespace ActorMigration.Runtime.Persistence;

/// <summary>A stored payload names a manifest that no registered Protocol Buffers message type has.</summary>
public sealed class UnknownManifestException : PersistenceException
{
    /// <summary>Creates the exception with a message that names the manifest and the registered ones.</summary>
    public UnknownManifestException(string message) : base(message)
    {
    }
}
