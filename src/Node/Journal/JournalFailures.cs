using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMigration.Node.Journal;

/// <summary>What a database failure means for a journal, read from the provider's own exception wherever Akka and linq2db wrapped it.</summary>
internal static class JournalFailures
{
    /// <summary>The journal at <paramref name="location"/> cannot be used because of <paramref name="failure"/>: its deepest cause, named once.</summary>
    public static JournalUnavailableException Unavailable(JournalLocation location, Exception failure, string? doing = null) =>
        new($"{location.Display}: {(doing is null ? "" : doing + ": ")}{Innermost(failure).Message}", failure);

    /// <summary>True when <paramref name="failure"/> is a unique-key violation: another writer took the same (persistence id, sequence number).</summary>
    public static bool IsDuplicateKey(Exception failure) => Chain(failure).Any(e => e switch
    {
        SqliteException s => s.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    });

    private static Exception Innermost(Exception failure) => Chain(failure).Last();

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[0] : e.InnerException)
            yield return e;
    }
}
