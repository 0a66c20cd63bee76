namespace ActorMigration.Node.Cli;

/// <summary>Result files: written whole or not at all.</summary>
public static class Output
{
    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/> and renames it into place,
    /// so a reader never sees half a file and an interrupted run leaves the old one intact.</summary>
    public static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new UsageException($"--out: directory {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new UsageException($"--out: cannot write {full}: {e.Message}");
        }
    }
}
