using System.Globalization;

namespace ActorMigration.Contracts.Units;

/// <summary>A point or span of virtual time, as an integer count of picoseconds.</summary>
/// <remarks>Integer picoseconds keep every sum exact: a simulation never rounds time, so the same
/// scenario always orders its events the same way.</remarks>
public readonly record struct SimTime(long Picoseconds) : IComparable<SimTime>
{
    /// <summary>Time zero, the start of every simulation.</summary>
    public static readonly SimTime Zero = new(0);

    /// <summary>The largest representable time, used as "never".</summary>
    public static readonly SimTime MaxValue = new(long.MaxValue);

    /// <summary>A span of whole picoseconds.</summary>
    public static SimTime FromPicoseconds(long ps) => new(ps);

    /// <summary>A span of whole nanoseconds.</summary>
    public static SimTime FromNanoseconds(long ns) => new(checked(ns * 1_000));

    /// <summary>A span of whole microseconds.</summary>
    public static SimTime FromMicroseconds(long us) => new(checked(us * 1_000_000));

    /// <summary>A span of whole milliseconds.</summary>
    public static SimTime FromMilliseconds(long ms) => new(checked(ms * 1_000_000_000));

    /// <summary>A span of whole seconds.</summary>
    public static SimTime FromSeconds(long s) => new(checked(s * 1_000_000_000_000));

    /// <summary>A span given in (possibly fractional) nanoseconds, rounded to the nearest picosecond.</summary>
    public static SimTime FromNanoseconds(double ns) => new(checked((long)Math.Round(ns * 1_000.0)));

    /// <summary>The time needed to move <paramref name="bytes"/> at <paramref name="bytesPerSecond"/>,
    /// rounded up to a whole picosecond so that a transfer never finishes early.</summary>
    public static SimTime ForTransfer(long bytes, double bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        return new(checked((long)Math.Ceiling(bytes * 1e12 / bytesPerSecond)));
    }

    /// <summary>Parses a span with a unit: <c>450ps</c>, <c>12ns</c>, <c>2.5us</c>, <c>1ms</c>, <c>0.3s</c> (rounded to the picosecond).</summary>
    public static bool TryParse(string? text, out SimTime time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] is '.' or 'e' or 'E' or '+' or '-')) end++;
        if (!double.TryParse(s.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || double.IsInfinity(value)) return false;
        double psPerUnit = s[end..].Trim() switch
        {
            "ps" => 1, "ns" => 1e3, "us" or "µs" => 1e6, "ms" => 1e9, "s" => 1e12,
            _ => 0,
        };
        var ps = value * psPerUnit;
        if (psPerUnit == 0 || ps >= long.MaxValue) return false;
        time = new SimTime((long)Math.Round(ps));
        return true;
    }

    /// <summary>This span in nanoseconds.</summary>
    public double TotalNanoseconds => Picoseconds / 1e3;

    /// <summary>This span in microseconds.</summary>
    public double TotalMicroseconds => Picoseconds / 1e6;

    /// <summary>This span in milliseconds.</summary>
    public double TotalMilliseconds => Picoseconds / 1e9;

    /// <summary>This span in seconds.</summary>
    public double TotalSeconds => Picoseconds / 1e12;

    /// <inheritdoc />
    public int CompareTo(SimTime other) => Picoseconds.CompareTo(other.Picoseconds);

    /// <summary>Sum of two spans (or a point plus a span).</summary>
    public static SimTime operator +(SimTime a, SimTime b) => new(checked(a.Picoseconds + b.Picoseconds));

    /// <summary>Difference of two times.</summary>
    public static SimTime operator -(SimTime a, SimTime b) => new(checked(a.Picoseconds - b.Picoseconds));

    /// <summary>A span repeated <paramref name="n"/> times.</summary>
    public static SimTime operator *(SimTime a, long n) => new(checked(a.Picoseconds * n));

    /// <summary>Earlier than.</summary>
    public static bool operator <(SimTime a, SimTime b) => a.Picoseconds < b.Picoseconds;

    /// <summary>Later than.</summary>
    public static bool operator >(SimTime a, SimTime b) => a.Picoseconds > b.Picoseconds;

    /// <summary>Not later than.</summary>
    public static bool operator <=(SimTime a, SimTime b) => a.Picoseconds <= b.Picoseconds;

    /// <summary>Not earlier than.</summary>
    public static bool operator >=(SimTime a, SimTime b) => a.Picoseconds >= b.Picoseconds;

    /// <summary>The later of two times.</summary>
    public static SimTime Max(SimTime a, SimTime b) => a.Picoseconds >= b.Picoseconds ? a : b;

    /// <summary>The earlier of two times.</summary>
    public static SimTime Min(SimTime a, SimTime b) => a.Picoseconds <= b.Picoseconds ? a : b;

    /// <summary>Human-readable form in the largest unit that keeps the value at least 1 (e.g. <c>12.5us</c>).</summary>
    public override string ToString()
    {
        var ps = Picoseconds;
        var abs = Math.Abs((double)ps);
        var (value, unit) = abs switch
        {
            >= 1e12 => (ps / 1e12, "s"),
            >= 1e9 => (ps / 1e9, "ms"),
            >= 1e6 => (ps / 1e6, "us"),
            >= 1e3 => (ps / 1e3, "ns"),
            _ => ((double)ps, "ps"),
        };
        return value.ToString("0.###", CultureInfo.InvariantCulture) + unit;
    }
}
