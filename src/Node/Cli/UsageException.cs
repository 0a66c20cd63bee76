namespace ActorMigration.Node.Cli;

/// <summary>Bad input from the user (an option, a file, a key): reported as one clear message with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
