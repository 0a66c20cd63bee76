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
