using System.Globalization;

namespace ActorMigration.Contracts.Units;

/// <summary>An amount of memory in bytes, parsed from and printed as binary units (<c>4K</c>, <c>2M</c>, <c>1G</c>).</summary>
public readonly record struct ByteSize(long Bytes) : IComparable<ByteSize>
{
    /// <summary>One base page on x86-64 (PAGE_SIZE).</summary>
    public static readonly ByteSize Page = new(4096);

    /// <summary>A size in KiB.</summary>
    public static ByteSize FromKiB(long kib) => new(checked(kib * 1024));

    /// <summary>A size in MiB.</summary>
    public static ByteSize FromMiB(long mib) => new(checked(mib * 1024 * 1024));

    /// <summary>A size in GiB.</summary>
    public static ByteSize FromGiB(long gib) => new(checked(gib * 1024 * 1024 * 1024));

    /// <summary>This size in KiB (rounded down).</summary>
    public long KiB => Bytes / 1024;

    /// <summary>This size as a count of 4 KiB base pages (rounded down).</summary>
    public long Pages => Bytes / Page.Bytes;

    /// <inheritdoc />
    public int CompareTo(ByteSize other) => Bytes.CompareTo(other.Bytes);

    /// <summary>Parses <c>4096</c>, <c>4K</c>, <c>16KiB</c>, <c>2M</c>, <c>1G</c>, <c>1GB</c> (binary multiples throughout).</summary>
    public static bool TryParse(string? text, out ByteSize size)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        int end = 0;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        if (end == 0 || !long.TryParse(s.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        long unit = s[end..].ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            _ => 0,
        };
        if (unit == 0 || n > long.MaxValue / unit) return false;
        size = new ByteSize(n * unit);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/>, throwing <see cref="FormatException"/> with the expected forms.</summary>
    public static ByteSize Parse(string text) =>
        TryParse(text, out var size) ? size : throw new FormatException($"'{text}' is not a size: expected a whole number with an optional unit, such as 4096, 4K, 2M or 1G");

    /// <summary>The shortest exact binary-unit form, e.g. <c>4K</c>, <c>2M</c>, <c>1G</c>, or plain bytes.</summary>
    public override string ToString()
    {
        foreach (var (shift, suffix) in new[] { (40, "T"), (30, "G"), (20, "M"), (10, "K") })
            if (Bytes != 0 && Bytes % (1L << shift) == 0) return (Bytes >> shift).ToString(CultureInfo.InvariantCulture) + suffix;
        return Bytes.ToString(CultureInfo.InvariantCulture);
    }
}
