namespace ActorMigration.Node.Cli;

/// <summary>What the <c>actormigration</c> process returns.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and found a negative result (e.g. <c>verify</c> found a mismatch).</summary>
    public const int Mismatch = 1;

    /// <summary>Bad input: an unknown option, an unreadable or invalid file, a value out of range.</summary>
    public const int BadInput = 2;

    /// <summary>The environment failed (database unreachable, disk full); nothing is presented as complete.</summary>
    public const int EnvironmentFailure = 3;
}
