using System.Globalization;
using ActorMigration.Contracts.Units;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ActorMigration.Contracts.Config;

/// <summary>A node of a YAML configuration file that knows where it is, so every error names the file, key path and expectation.</summary>
/// <remarks>Reading a mapping records which keys were read; <see cref="RejectUnknownKeys"/> then reports a misspelt key
/// instead of silently ignoring it.</remarks>
public sealed class ConfigNode
{
    private readonly YamlNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ConfigNode(string file, string path, YamlNode node, string text)
    {
        File = file;
        Path = path;
        _node = node;
        Text = text;
    }

    /// <summary>The whole text of the file this node came from (to record it, or to edit values in place).</summary>
    public string Text { get; }

    /// <summary>The file this node came from.</summary>
    public string File { get; }

    /// <summary>The dotted key path of this node (empty for the document root).</summary>
    public string Path { get; }

    /// <summary>Loads and parses <paramref name="file"/>; the root must be a mapping.</summary>
    public static ConfigNode Load(string file) => Parse(file, ReadText(file));

    /// <summary>The text of <paramref name="file"/>; a folder or an unreadable file is a <see cref="ConfigException"/>.</summary>
    public static string ReadText(string file)
    {
        if (Directory.Exists(file)) throw new ConfigException(file, "", "is a directory, not a YAML file");
        try
        {
            return global::System.IO.File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(file, "", $"cannot be read: {e.Message}");
        }
    }

    /// <summary>Parses YAML <paramref name="text"/> as if read from <paramref name="file"/>.</summary>
    public static ConfigNode Parse(string file, string text)
    {
        var stream = YamlText.Load(file, text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode)
            throw new ConfigException(file, "", "expected a mapping of keys at the top level");
        return new ConfigNode(file, "", stream.Documents[0].RootNode, text);
    }

    /// <summary>True when this mapping has <paramref name="key"/>.</summary>
    public bool Has(string key) => Mapping.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>The value under <paramref name="key"/>; a missing key is an error.</summary>
    public ConfigNode Required(string key) =>
        Optional(key) ?? throw new ConfigException(File, Join(key), "is required but missing" + Misspelt(key));

    /// <summary>The value under <paramref name="key"/>, or null when absent.</summary>
    public ConfigNode? Optional(string key)
    {
        _read.Add(key);
        return Mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? new ConfigNode(File, Join(key), child, Text) : null;
    }

    /// <summary>The keys of this mapping, in file order.</summary>
    public IReadOnlyList<string> Keys => Mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value ?? "").ToArray();

    /// <summary>True when this node is a sequence (a key that takes one value or a list).</summary>
    public bool IsList => _node is YamlSequenceNode;

    /// <summary>The items of this sequence.</summary>
    public IReadOnlyList<ConfigNode> Items => _node is YamlSequenceNode seq
        ? seq.Children.Select((n, i) => new ConfigNode(File, $"{Path}[{i}]", n, Text)).ToArray()
        : throw Expected("a list");

    /// <summary>Fails if this mapping has keys that nobody read (most likely misspelt).</summary>
    public void RejectUnknownKeys()
    {
        var unknown = Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unknown.Length > 0)
            throw new ConfigException(File, Join(unknown[0]), $"is not a known key here (known: {string.Join(", ", _read.Order(StringComparer.Ordinal))})");
    }

    // A key of this mapping nobody has read that is a few letters away from the missing one: most likely the one meant.
    private string Misspelt(string key)
    {
        var near = Keys.Where(k => !_read.Contains(k) && Spelling.Distance(k, key) <= Math.Max(2, key.Length / 3)).ToArray();
        return near.Length == 0 ? "" : $" (found {string.Join(", ", near.Select(k => $"'{k}'"))}: misspelt?)";
    }

    /// <summary>This scalar as text.</summary>
    public string AsString() => _node is YamlScalarNode { Value: { } v } ? v : throw Expected("a text value");

    /// <summary>This scalar as an integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long AsLong(long min = long.MinValue, long max = long.MaxValue) =>
        long.TryParse(AsString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Expected(Range("a whole number", min, max));

    /// <summary>This scalar as an <see cref="int"/> within range.</summary>
    public int AsInt(int min = int.MinValue, int max = int.MaxValue) => (int)AsLong(min, max);

    /// <summary>This scalar as a finite number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double AsDouble(double min = double.MinValue, double max = double.MaxValue) =>
        double.TryParse(AsString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max
            ? v
            : throw Expected(Range("a number", min, max));

    /// <summary>This scalar as true/false.</summary>
    public bool AsBool() => AsString() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => throw Expected("true or false"),
    };

    /// <summary>This scalar as a span of virtual time with a unit (<c>450ns</c>, <c>2.5us</c>).</summary>
    public SimTime AsTime() => SimTime.TryParse(AsString(), out var t) ? t : throw Expected("a time with a unit, such as 450ns, 2.5us or 1ms");

    /// <summary>This scalar as a data rate with a unit (<c>11.3GB/s</c>).</summary>
    public Bandwidth AsBandwidth() => Bandwidth.TryParse(AsString(), out var b) ? b : throw Expected("a positive rate with a unit, such as 11.3GB/s or 800MiB/s");

    /// <summary>This scalar as a size (<c>4K</c>, <c>2M</c>, <c>1G</c>).</summary>
    public ByteSize AsSize() => ByteSize.TryParse(AsString(), out var s) ? s : throw Expected("a size such as 4096, 4K, 2M or 1G");

    /// <summary>This scalar as one of <paramref name="choices"/>.</summary>
    public string AsChoice(params string[] choices)
    {
        var v = AsString();
        return choices.Contains(v, StringComparer.Ordinal) ? v : throw Expected($"one of {string.Join(", ", choices)}");
    }

    /// <summary>An error about this node in the words of whoever checked it, with the node's line.</summary>
    public ConfigException Problem(string problem) => new(File, Path, problem + Where());

    /// <summary>An error about this node: what was expected and what the file holds.</summary>
    public ConfigException Expected(string expectation) =>
        new(File, Path, $"expected {expectation}, found {Describe()}{Where()}");

    private YamlMappingNode Mapping => _node as YamlMappingNode ?? throw Expected("a mapping of keys");

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private string Describe() => _node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "nothing",
    };

    private string Where() => _node.Start.Line > 0 ? $" (line {_node.Start.Line})" : "";

    private static string Range(string what, double min, double max) =>
        (min > double.MinValue / 2 && min > long.MinValue, max < double.MaxValue / 2 && max < long.MaxValue) switch
        {
            (true, true) => $"{what} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
            (true, false) => $"{what} of at least {min.ToString(CultureInfo.InvariantCulture)}",
            (false, true) => $"{what} of at most {max.ToString(CultureInfo.InvariantCulture)}",
            _ => what,
        };
}
