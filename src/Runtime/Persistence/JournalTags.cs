namespace ActorMigration.Runtime.Persistence;

/// <summary>The <c>tags</c> column's format, as Akka.Persistence.Sql's CSV tag mode: <c>;tag1;tag2;</c>, or null for no tags.</summary>
internal static class JournalTags
{
    private const char Separator = ';';

    /// <summary>The column value for <paramref name="tags"/>.</summary>
    public static string? Encode(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        foreach (var tag in tags)
        {
            if (tag.Length == 0 || tag.Contains(Separator, StringComparison.Ordinal))
            {
                throw new ArgumentException($"journal tag '{tag}' must be non-empty and must not contain '{Separator}'", nameof(tags));
            }
        }

        return Separator + string.Join(Separator, tags) + Separator;
    }

    /// <summary>The tags a column value holds.</summary>
    public static IReadOnlyList<string> Decode(string? column) =>
        column is null ? [] : column.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
}
