namespace ActorMigration.Node.Cli;

/// <summary>Result files: written whole or not at all.</summary>
public static class Output
{
    /// <summary>Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/> and renames it into place,
    /// so a reader never sees half a file and an interrupted run leaves the old one intact.</summary>
    public static void WriteAtomically(string path, string text) => WriteAtomically(path, "--out", System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Like <see cref="WriteAtomically(string, string)"/>, for bytes named by <paramref name="option"/>.</summary>
    public static void WriteAtomically(string path, string option, byte[] bytes)
    {
        var full = CheckWritable(path, option);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
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

    /// <summary>Checks, before any work, that a file can be written at <paramref name="path"/> (given as <paramref name="option"/>): its
    /// folder exists and it is not a folder itself. Returns the full path.</summary>
    public static string CheckWritable(string path, string option)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new UsageException($"{option}: directory {dir} does not exist");
        if (Directory.Exists(full)) throw new UsageException($"{option}: {full} is a directory; name a file in it");
        return full;
    }
}
