using ActorMigration.Actors.Migrate;
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
        Write(packed, (ulong)times.Count);
        var previous = 0L;
        foreach (var (ps, count) in times.Runs)
        {
            Write(packed, (ulong)(ps - previous));
            Write(packed, (ulong)count);
            previous = ps;
        }
        return new PointResult(result with { Report = result.Report with { InaccessiblePs = InaccessibleTimes.None } }, [.. packed]);
    }

    /// <summary>The result, its inaccessible times unpacked (as runs: no array of every folio's time is made).</summary>
    public MigrationRunResult ToResult()
    {
        var at = 0;
        var remaining = checked((long)Read(ref at));
        var times = new InaccessibleTimes.Builder();
        var time = 0L;
        while (remaining > 0)
        {
            time = checked(time + (long)Read(ref at));
            var run = Read(ref at);
            if (run == 0 || run > (ulong)remaining) throw new FormatException($"a packed point result has a run of {run} times where {remaining} remain");
            times.Add(time, (int)run);
            remaining -= (long)run;
        }
        if (at != InaccessiblePs.Length) throw new FormatException($"a packed point result has {InaccessiblePs.Length - at} bytes after its last time");
        return WithoutTimes with { Report = WithoutTimes.Report with { InaccessiblePs = times.Build() } };
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
