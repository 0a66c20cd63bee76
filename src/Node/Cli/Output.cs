namespace ActorMigration.Node.Cli;

/// <summary>Result files: written whole or not at all.</summary>
public static class Output
{
    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/> and renames it into place,
    /// so a reader never sees half a file and an interrupted run leaves the old one intact.</summary>
    public static void WriteAtomically(string path, string text) => WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Like <see cref="WriteAtomically(string, string)"/>, for bytes.</summary>
    public static void WriteAtomically(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new UsageException($"--out: directory {dir} does not exist");
        if (Directory.Exists(full)) throw new UsageException($"--out: {full} is a directory; name a file in it");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a read-only folder is the environment's failure (exit 3); the old file, if any, is untouched.
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
                // Best effort: the temporary file may never have been created; the write's own failure is what matters.
            }
            throw new IOException($"cannot write {full}: {e.Message}", e);
        }
    }
}
