using System.Reflection;

namespace ActorMigration.Contracts.Config;

/// <summary>Files of <c>config/</c> that travel inside an assembly as resources named <c>FOLDER/NAME.yaml</c>, so that they can be
/// named (zen3-ptdma, rfc-v3-throughput) and found from any directory.</summary>
/// <param name="Assembly">The assembly that embeds them.</param>
/// <param name="Folder">Their folder under <c>config/</c>, which is also their resource prefix.</param>
public sealed record ShippedFiles(Assembly Assembly, string Folder)
{
    private string Prefix => Folder + "/";

    /// <summary>The names of the shipped files, without <c>.yaml</c>.</summary>
    public IReadOnlyList<string> Names => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Where a shipped file is in the repository, as messages name it.</summary>
    public string PathOf(string name) => $"config/{Folder}/{name}.yaml";

    /// <summary>The file <paramref name="nameOrPath"/> names and its text: a file on disk, else a shipped file; else an error that
    /// lists the shipped ones, calling them <paramref name="what"/> (platform, system, scenario).</summary>
    public (string File, string Text) Find(string nameOrPath, string what)
    {
        if (File.Exists(nameOrPath) || Directory.Exists(nameOrPath)) return (nameOrPath, ConfigNode.ReadText(nameOrPath));
        var text = Read(nameOrPath)
            ?? throw new ConfigException(nameOrPath, "", $"is neither a file nor a shipped {what} (shipped: {string.Join(", ", Names)})");
        return (PathOf(Path.GetFileNameWithoutExtension(nameOrPath)), text);
    }

    /// <summary>The document <paramref name="nameOrPath"/> names, parsed, as <see cref="Find"/> finds it.</summary>
    public ConfigNode Load(string nameOrPath, string what)
    {
        var (file, text) = Find(nameOrPath, what);
        return ConfigNode.Parse(file, text);
    }

    /// <summary>The text of the shipped file <paramref name="name"/> (also accepted: <c>NAME.yaml</c> and <c>config/FOLDER/NAME.yaml</c>), or null.</summary>
    public string? Read(string name)
    {
        var bare = Path.GetFileNameWithoutExtension(name);
        if (name != bare && name != bare + ".yaml" && name != PathOf(bare)) return null;
        using var stream = Assembly.GetManifestResourceStream(Prefix + bare + ".yaml");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
