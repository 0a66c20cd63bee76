namespace ActorMigration.Actors.Migrate;

/// <summary>The names reports, journals and CSV columns use for errnos and fallback reasons: one table, so they always agree.</summary>
public static class ReportNames
{
    /// <summary>The name of a fallback reason (snake_case).</summary>
    public static string Of(CopyFallback fallback) => fallback switch
    {
        CopyFallback.None => "none",
        CopyFallback.Declined => "declined",
        CopyFallback.NotSupported => "not_supported",
        CopyFallback.MappingMismatch => "mapping_mismatch",
        CopyFallback.ChannelBusy => "channel_busy",
        CopyFallback.ChannelError => "channel_error",
        _ => throw new ArgumentOutOfRangeException(nameof(fallback), fallback, null),
    };

    /// <summary>Failures by errno name (<c>EAGAIN</c>, <c>EBUSY</c>, <c>ENOMEM</c>), every errno present.</summary>
    public static IReadOnlyDictionary<string, int> Failures(int eagain, int ebusy, int enomem) =>
        new SortedDictionary<string, int>(StringComparer.Ordinal) { ["EAGAIN"] = eagain, ["EBUSY"] = ebusy, ["ENOMEM"] = enomem };

    /// <summary>Fallback counts by name, every reason present (0 when it did not happen), in a fixed order.</summary>
    public static IReadOnlyDictionary<string, int> Fallbacks(Func<CopyFallback, int> count) =>
        Enum.GetValues<CopyFallback>().Where(f => f != CopyFallback.None).ToDictionary(Of, count);
}
