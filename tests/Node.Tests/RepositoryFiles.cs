namespace ActorMigration.Node.Tests;

/// <summary>Files of this repository (scenarios, profiles, measurements), found from the test binaries' location.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ActorMigration.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No ActorMigration.sln above {AppContext.BaseDirectory}");
    }
}
