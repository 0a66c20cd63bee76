namespace ActorMigration.Runtime.Persistence;

/// <summary>A journal or snapshot store operation failed; the message names the store (path or connection string without password).</summary>
public class PersistenceException : Exception
{
    /// <summary>Creates the exception with a message that names the store and the operation.</summary>
    public PersistenceException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
