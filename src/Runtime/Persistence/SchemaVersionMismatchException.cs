namespace ActorMigration.Runtime.Persistence;

/// <summary>The store holds tables of a schema version this build does not read.</summary>
public sealed class SchemaVersionMismatchException : PersistenceException
{
    /// <summary>Creates the exception with a message that names the store and both versions.</summary>
    public SchemaVersionMismatchException(string message) : base(message)
    {
    }
}
