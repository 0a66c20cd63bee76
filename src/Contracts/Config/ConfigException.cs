namespace ActorMigration.Contracts.Config;

/// <summary>Bad configuration: names the file, the key path and what was expected, so the user can fix it at once.</summary>
public sealed class ConfigException(string file, string keyPath, string problem)
    : Exception($"{file}: {(keyPath.Length == 0 ? "" : keyPath + ": ")}{problem}")
{
    /// <summary>The file that holds the bad value.</summary>
    public string File { get; } = file;

    /// <summary>The dotted key path to the bad value (<c>engines.ptdma.channels</c>), empty for the whole file.</summary>
    public string KeyPath { get; } = keyPath;
}
