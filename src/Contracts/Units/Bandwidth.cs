using System.Globalization;

namespace ActorMigration.Contracts.Units;

/// <summary>A data rate in bytes per second, parsed from <c>11.3GB/s</c> (decimal units, as the measurements use) or <c>800MiB/s</c>.</summary>
public readonly record struct Bandwidth(double BytesPerSecond)
{
    /// <summary>A rate in decimal gigabytes per second (1e9 bytes/s), the unit of the kernel RFC's tables.</summary>
    public static Bandwidth FromGBps(double gbps) => new(gbps * 1e9);

    /// <summary>This rate in decimal GB/s.</summary>
    public double GBps => BytesPerSecond / 1e9;

    /// <summary>Parses a positive rate with a unit: B/s, KB/s, MB/s, GB/s, TB/s (decimal) or KiB/s, MiB/s, GiB/s (binary).</summary>
    public static bool TryParse(string? text, out Bandwidth bandwidth)
    {
        bandwidth = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (!s.EndsWith("/s", StringComparison.OrdinalIgnoreCase)) return false;
        s = s[..^2].TrimEnd();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is '.' or 'e' or 'E' or '+' or '-')) end++;
        if (!double.TryParse(s.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || double.IsInfinity(value)) return false;
        double unit = s[end..].Trim() switch
        {
            "B" => 1,
            "KB" => 1e3, "MB" => 1e6, "GB" => 1e9, "TB" => 1e12,
            "KiB" => 1 << 10, "MiB" => 1 << 20, "GiB" => 1 << 30,
            _ => 0,
        };
        if (unit == 0) return false;
        bandwidth = new Bandwidth(value * unit);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => (BytesPerSecond / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + "GB/s";
}
