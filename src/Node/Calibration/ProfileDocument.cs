using System.Text;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;
using ActorMigration.Node.Cli;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ActorMigration.Node.Calibration;

/// <summary>A platform profile as text: its scalars by key path, and the same text with some values replaced in place,
/// comments and layout kept, so a calibrated profile reads like the one it came from.</summary>
public sealed class ProfileDocument
{
    private readonly Dictionary<string, ProfileScalar> _byKey;

    private ProfileDocument(string file, string text, IReadOnlyList<ProfileScalar> scalars)
    {
        File = file;
        Text = text;
        Scalars = scalars;
        _byKey = scalars.GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Profile = Read(text);
    }

    /// <summary>The file the text came from (<c>config/platforms/NAME.yaml</c> for a shipped profile), named in errors.</summary>
    public string File { get; }

    /// <summary>The profile text, unchanged.</summary>
    public string Text { get; }

    /// <summary>The profile the text describes.</summary>
    public PlatformProfile Profile { get; }

    /// <summary>Every scalar of the profile, in file order.</summary>
    public IReadOnlyList<ProfileScalar> Scalars { get; }

    /// <summary>The key paths of the scalars the fitter can move (times, bandwidths, decimal numbers), in file order.</summary>
    public IReadOnlyList<string> NumericKeys => Scalars.Where(s => ProfileParameter.TryCreate(s, out _) is not null).Select(s => s.Key).ToArray();

    /// <summary>Loads <paramref name="nameOrPath"/> as <see cref="PlatformProfileReader.Load"/> does: an existing file, else a shipped profile.</summary>
    public static ProfileDocument Load(string nameOrPath)
    {
        var (file, text) = PlatformProfileReader.Find(nameOrPath);
        return Parse(file, text);
    }

    /// <summary>Parses profile <paramref name="text"/> as if read from <paramref name="file"/>; the profile must be valid.</summary>
    public static ProfileDocument Parse(string file, string text)
    {
        var stream = YamlText.Load(file, text);
        var scalars = new List<ProfileScalar>();
        if (stream.Documents.Count > 0) Walk(stream.Documents[0].RootNode, "", scalars);
        return new ProfileDocument(file, text, scalars);
    }

    /// <summary>The parameters named by <paramref name="keys"/>; an unknown, repeated or non-numeric key is a usage error that
    /// names the key and lists the numeric keys of this profile.</summary>
    public IReadOnlyList<ProfileParameter> Parameters(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0 || keys.Any(string.IsNullOrWhiteSpace))
            throw new UsageException("--fit: expected one or more key paths separated by commas, such as kernel.pte,cpu_copy.thread");
        var parameters = new List<ProfileParameter>();
        foreach (var raw in keys)
        {
            var key = raw.Trim();
            if (parameters.Any(p => p.Key == key)) throw new UsageException($"--fit: {key} is named twice");
            if (!_byKey.TryGetValue(key, out var scalar))
            {
                var problem = Scalars.Any(s => s.Key.StartsWith(key + ".", StringComparison.Ordinal))
                    ? "is a section of the profile, not a value"
                    : $"is not a key of {File}{Suggestion(key)}";
                throw new UsageException($"--fit: {key} {problem}. {KnownKeys()}");
            }
            parameters.Add(ProfileParameter.TryCreate(scalar, out var whyNot)
                ?? throw new UsageException($"--fit: {key} {whyNot}. {KnownKeys()}"));
        }
        return parameters;
    }

    /// <summary>This text with each parameter's value replaced by the matching one of <paramref name="values"/> (in the
    /// parameter's unit). With a <paramref name="note"/>, each changed line's comment gets <c>(note)</c> appended (or
    /// replaced, if the line already carries a note of the same kind); comments stay in their column.</summary>
    public string With(IReadOnlyList<ProfileParameter> parameters, IReadOnlyList<double> values, string? note = null)
    {
        if (parameters.Count != values.Count) throw new ArgumentException("One value per parameter", nameof(values));
        var edits = new List<(int Start, int End, string Text)>();
        var commentedLines = new HashSet<int>();
        foreach (var (p, value) in parameters.Zip(values))
        {
            var start = p.Scalar.Start;
            var end = p.Scalar.End;
            var lineEnd = Text.IndexOf('\n', end);
            if (lineEnd < 0) lineEnd = Text.Length;
            if (lineEnd > end && Text[lineEnd - 1] == '\r') lineEnd--;
            var rest = Text[end..lineEnd];
            var hash = CommentStart(rest);
            var newValue = p.Format(value);
            if (hash >= 0 && rest[..hash].Trim().Length == 0)
            {
                // The value is the last thing on its line: keep the comment in its column.
                var width = end + hash - start;
                edits.Add((start, end + hash, newValue + new string(' ', Math.Max(1, width - newValue.Length))));
            }
            else edits.Add((start, end, newValue));
            if (note is null || !commentedLines.Add(p.Scalar.Line)) continue;
            if (hash >= 0)
            {
                var comment = rest[hash..].TrimEnd();
                var mark = comment.IndexOf("(" + NoteKind(note), StringComparison.Ordinal);
                var kept = mark >= 0 ? comment[..mark].TrimEnd() : comment;
                edits.Add((end + hash, lineEnd, $"{kept} ({note})"));
            }
            else edits.Add((lineEnd, lineEnd, $"  # {note}"));
        }
        var text = new StringBuilder(Text);
        foreach (var (start, end, replacement) in edits.OrderByDescending(e => e.Start).ThenByDescending(e => e.End))
            text.Remove(start, end - start).Insert(start, replacement);
        return text.ToString();
    }

    /// <summary>Reads profile <paramref name="text"/> (this document with values replaced) as the simulator would load it.</summary>
    public PlatformProfile Read(string text) => PlatformProfileReader.Read(ConfigNode.Parse(File, text));

    private static void Walk(YamlNode node, string path, List<ProfileScalar> into)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                into.Add(new ProfileScalar(path, scalar.Value ?? "", checked((int)scalar.Start.Index), checked((int)scalar.End.Index), checked((int)scalar.Start.Line)));
                break;
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                    Walk(value, Join(path, (key as YamlScalarNode)?.Value ?? ""), into);
                break;
            case YamlSequenceNode sequence:
                var labels = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var item = sequence.Children[i];
                    var label = ItemLabel(item, "name") ?? ItemLabel(item, "id") ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!labels.Add(label)) label = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Walk(item, Join(path, label), into);
                }
                break;
        }
    }

    /// <summary>A list item is addressed by its <c>name</c> (engines) or <c>id</c> (memory nodes).</summary>
    private static string? ItemLabel(YamlNode item, string key) =>
        item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode { Value: { Length: > 0 } label } ? label : null;

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>Where a YAML comment starts in the rest of a line (a <c>#</c> after whitespace, outside quotes), or -1.</summary>
    private static int CommentStart(string rest)
    {
        char quote = '\0';
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; }
            else if (c is '\'' or '"') quote = c;
            else if (c == '#' && (i == 0 || rest[i - 1] is ' ' or '\t')) return i;
        }
        return -1;
    }

    /// <summary>The first words of a note (<c>fitted by actormigration calibrate</c>), which identify notes of the same kind.</summary>
    private static string NoteKind(string note)
    {
        var to = note.IndexOf(" to ", StringComparison.Ordinal);
        return to >= 0 ? note[..to] : note;
    }

    private string KnownKeys() => $"Numeric keys of {File}: {string.Join(", ", NumericKeys)}";

    private string Suggestion(string key)
    {
        var best = NumericKeys.Select(k => (Key: k, Distance: Spelling.Distance(key, k))).MinBy(t => t.Distance);
        if (best.Key is not null && best.Distance <= Math.Max(2, key.Length / 4)) return $" (did you mean {best.Key}?)";
        // A list item named by index or a misspelt name: the same section and value under another item.
        var parts = key.Split('.');
        var sibling = NumericKeys.FirstOrDefault(k => k.Split('.') is { Length: 3 } p && parts.Length == 3 && p[0] == parts[0] && p[2] == parts[2]);
        return sibling is null ? "" : $" (did you mean {sibling}?)";
    }
}
