namespace ActorMigration.Node.Tests.Journal;

/// <summary>Where the PostgreSQL tests find their server: env <c>ACTORMIGRATION_POSTGRES</c>, required when <c>CI=true</c>.</summary>
public static class PostgresEnvironment
{
    public const string Variable = "ACTORMIGRATION_POSTGRES";

    private const string HowToEnable =
        "run `eval \"$(bash .ci/postgres.sh)\"` as root on Debian (installs and starts a local server), "
        + "or set it to a server's Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Username=NAME;Password=SECRET;Database=NAME";

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run (the variable is set, or CI requires them).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi ? $"PostgreSQL tests skipped: {Variable} is not set; to run them, {HowToEnable}" : null;

    /// <summary>The server's connection string; in CI, its absence fails the test.</summary>
    public static string RequiredConnectionString => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set, and CI=true requires the PostgreSQL persistence tests: {HowToEnable}");

    private static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
