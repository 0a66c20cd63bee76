using System.Text.RegularExpressions;

namespace ActorMigration.Node.Cli;

/// <summary>System.CommandLine's parse errors in words a user reads: it names .NET types (<c>System.Nullable`1[System.Int32]</c>)
/// where a user wants the range of values.</summary>
internal static partial class ParseErrors
{
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["System.Int32"] = $"a whole number from {int.MinValue:N0} to {int.MaxValue:N0}",
        ["System.Int64"] = $"a whole number from {long.MinValue:N0} to {long.MaxValue:N0}",
        ["System.UInt64"] = $"a whole number from 0 to {ulong.MaxValue:N0}",
        ["System.Double"] = "a number, such as 0.05",
    };

    /// <summary>The message with every expected .NET type replaced by what it accepts.</summary>
    public static string Describe(string message) => ExpectedType().Replace(message, m =>
    {
        var type = m.Groups["inner"].Success ? m.Groups["inner"].Value : m.Groups["type"].Value;
        return Expected.TryGetValue(type, out var words) ? $": expected {words}" : $": expected a value of type {type}";
    });

    [GeneratedRegex(@" as expected type '(?:System\.Nullable`1\[(?<inner>[^\]]+)\]|(?<type>[^']+))'")]
    private static partial Regex ExpectedType();
}
