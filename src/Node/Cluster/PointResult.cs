using ActorMigration.Actors.Simulation;

namespace ActorMigration.Node.Cluster;

/// <summary>A sweep point's result as it crosses processes (worker → coordinator → client, and into the coordinator's journal): the
/// run's result without its per-folio inaccessible times, and those times packed. Packed, the times of a 2 GB run of 4K folios take
/// a few kB instead of 4 MiB: they cross Akka.Remote twice and are serialized four times on the way, which on 2 cores cost a
/// distributed sweep more than spreading its points over two workers gained. Lossless: <see cref="ToResult"/> gives back the
/// same result.</summary>
/// <param name="WithoutTimes">The result, its report's <c>InaccessiblePs</c> empty.</param>
/// <param name="InaccessiblePs">The report's inaccessible times (sorted ascending, never negative) as runs of equal times: their count,
/// then for each run the gap from the previous run's time (from 0 for the first) and how many folios share it, each an unsigned
/// LEB128 varint. Folios migrated in one batch copy share their time (a 2 GB run of 4K folios has 512 to 4,096 distinct times
/// for 524,288 folios), and neighbouring times differ by little.</param>
public sealed record PointResult(MigrationRunResult WithoutTimes, byte[] InaccessiblePs)
{
    /// <summary>The point result of <paramref name="result"/>.</summary>
    public static PointResult Of(MigrationRunResult result)
    {
        var times = result.Report.InaccessiblePs;
        var packed = new List<byte>();
        Write(packed, (ulong)times.Length);
        var previous = 0L;
        for (var i = 0; i < times.Length;)
        {
            var time = times[i];
            if (time < previous) throw new ArgumentException($"inaccessible times must be sorted and not negative: {time} ps after {previous} ps", nameof(result));
            var run = 1;
            while (i + run < times.Length && times[i + run] == time) run++;
            Write(packed, (ulong)(time - previous));
            Write(packed, (ulong)run);
            (previous, i) = (time, i + run);
        }
        return new PointResult(result with { Report = result.Report with { InaccessiblePs = [] } }, [.. packed]);
    }

    /// <summary>The result, its inaccessible times unpacked.</summary>
    public MigrationRunResult ToResult()
    {
        var at = 0;
        var times = new long[checked((int)Read(ref at))];
        var time = 0L;
        for (var i = 0; i < times.Length;)
        {
            time = checked(time + (long)Read(ref at));
            var run = Read(ref at);
            if (run == 0 || run > (ulong)(times.Length - i)) throw new FormatException($"a packed point result has a run of {run} times where {times.Length - i} remain");
            times.AsSpan(i, (int)run).Fill(time);
            i += (int)run;
        }
        if (at != InaccessiblePs.Length) throw new FormatException($"a packed point result has {InaccessiblePs.Length - at} bytes after its last time");
        return WithoutTimes with { Report = WithoutTimes.Report with { InaccessiblePs = times } };
    }

    private static void Write(List<byte> to, ulong value)
    {
        for (; value >= 0x80; value >>= 7) to.Add((byte)(value | 0x80));
        to.Add((byte)value);
    }

    private ulong Read(ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (at >= InaccessiblePs.Length || shift > 63) throw new FormatException("a packed point result ends inside a number");
            var b = InaccessiblePs[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
