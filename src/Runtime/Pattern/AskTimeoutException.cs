namespace ActorMigration.Runtime.Pattern;

/// <summary>No reply to an <c>Ask</c> arrived within its virtual-time timeout.</summary>
public sealed class AskTimeoutException(string message) : TimeoutException(message);
