namespace ActorMigration.Runtime.Persistence;

/// <summary>The store cannot be used: the database is unreachable or refuses the login, the file cannot be opened, the disk is full.</summary>
public sealed class StoreUnavailableException : PersistenceException
{
    /// <summary>Creates the exception with a message that names the store and says why it is unavailable.</summary>
    public StoreUnavailableException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
