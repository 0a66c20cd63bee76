namespace ActorMigration.Node;

/// <summary>The <c>actormigration</c> command line.</summary>
public static class Program
{
    /// <summary>Entry point: parses the command line and runs the chosen subcommand.</summary>
    public static int Main(string[] args) => 0;
}
