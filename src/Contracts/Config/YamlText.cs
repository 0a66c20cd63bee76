using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;
using YamlDotNet.RepresentationModel;

namespace ActorMigration.Contracts.Config;

/// <summary>Reads YAML text into a document tree, turning every kind of syntax error into a <see cref="ConfigException"/> that
/// names the file and the line.</summary>
public static class YamlText
{
    /// <summary>Parses <paramref name="text"/> as if read from <paramref name="file"/>.</summary>
    public static YamlStream Load(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, "", $"is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner (16 to 18 at least) fails this way, without a position, on a flow collection left open
            // before a "key:" line; scan again to say where.
            throw new ConfigException(file, "", $"is not valid YAML {WhereScanningFails(text)}");
        }
    }

    private static string WhereScanningFails(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var open = new Stack<Token>();
        Mark last = Mark.Empty;
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.Current!.End;
                if (scanner.Current is FlowSequenceStart or FlowMappingStart) open.Push(scanner.Current);
                else if (scanner.Current is FlowSequenceEnd or FlowMappingEnd && open.Count > 0) open.Pop();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            if (open.TryPeek(out var flow))
                return $"at line {last.Line + 1}: the '{(flow is FlowSequenceStart ? '[' : '{')}' at line {flow.Start.Line}, column {flow.Start.Column} is never closed";
        }
        return $"after line {last.Line}, column {last.Column}";
    }
}
