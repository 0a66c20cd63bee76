using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using Google.Protobuf;
using Encoded = ActorMigration.Contracts.Cluster.PointResult;

namespace ActorMigration.Node.Cluster;

/// <summary>A sweep point's result as it crosses processes (worker → coordinator → client, and into the coordinator's journal),
/// encoded by <c>sweep_point.proto</c>: Hyperion carries only these bytes. Left to Hyperion, the result cost every new sweep client
/// ~0.1 s compiling serializers for the report's types, and every process a few hundred microseconds a point writing its lists and
/// dictionaries element by element; on 2 cores that came out of the workers' time. The inaccessible times travel as runs of equal
/// times: a 2 GB run of 4K folios has 512 to 4,096 runs for 524,288 times. Lossless: <see cref="ToResult"/> gives back an equal
/// result, its dictionaries in the same order.</summary>
public sealed record PointResult(byte[] Bytes)
{
    /// <summary>The point result of <paramref name="result"/>.</summary>
    public static PointResult Of(MigrationRunResult result)
    {
        var report = result.Report;
        var encoded = new Encoded
        {
            TraceHash = result.TraceHash,
            Events = result.Events,
            SimTimePs = result.SimTimePs,
            BytesMoved = report.BytesMoved,
            DurationPs = report.DurationPs,
            FirstFolioLatencyPs = { report.FirstFolioLatencyPs },
            CpuName = { report.CpuPs.Keys },
            CpuPs = { report.CpuPs.Values },
            CopyPs = report.CopyPs,
            CpuCyclesPerPage = report.CpuCyclesPerPage,
            Succeeded = report.Succeeded,
            FailedName = { report.Failed.Keys },
            Failed = { report.Failed.Values },
            FallbackName = { report.Fallbacks.Keys },
            Fallbacks = { report.Fallbacks.Values },
            Batches = report.Batches,
            Passes = report.Passes,
            TlbFlushes = report.TlbFlushes,
        };
        var previous = 0L;
        foreach (var (ps, count) in report.InaccessiblePs.Runs)
        {
            encoded.InaccessibleGapPs.Add(ps - previous);
            encoded.InaccessibleRun.Add(count);
            previous = ps;
        }
        return new PointResult(encoded.ToByteArray());
    }

    /// <summary>The result (its inaccessible times as runs: no array of every folio's time is made); bytes that are not a point result
    /// are a <see cref="FormatException"/>.</summary>
    public MigrationRunResult ToResult()
    {
        try
        {
            var encoded = Encoded.Parser.ParseFrom(Bytes);
            var report = new MigrationReport
            {
                BytesMoved = encoded.BytesMoved,
                DurationPs = encoded.DurationPs,
                FirstFolioLatencyPs = [.. encoded.FirstFolioLatencyPs],
                InaccessiblePs = Times(encoded),
                CpuPs = Named(encoded.CpuName, encoded.CpuPs, "CPU time"),
                CopyPs = encoded.CopyPs,
                CpuCyclesPerPage = encoded.CpuCyclesPerPage,
                Succeeded = encoded.Succeeded,
                Failed = Named(encoded.FailedName, encoded.Failed, "failure"),
                Fallbacks = Named(encoded.FallbackName, encoded.Fallbacks, "fallback"),
                Batches = encoded.Batches,
                Passes = encoded.Passes,
                TlbFlushes = encoded.TlbFlushes,
            };
            return new MigrationRunResult(report, encoded.TraceHash, encoded.Events, encoded.SimTimePs);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or OverflowException)
        {
            throw new FormatException($"a point result's {Bytes.Length} bytes are not a point result: {e.Message}", e);
        }
    }

    private static InaccessibleTimes Times(Encoded encoded)
    {
        if (encoded.InaccessibleGapPs.Count != encoded.InaccessibleRun.Count)
            throw new FormatException($"a point result has {encoded.InaccessibleGapPs.Count} inaccessible times for {encoded.InaccessibleRun.Count} runs");
        var times = new InaccessibleTimes.Builder();
        var time = 0L;
        for (var run = 0; run < encoded.InaccessibleRun.Count; run++)
        {
            time = checked(time + encoded.InaccessibleGapPs[run]);
            times.Add(time, encoded.InaccessibleRun[run]);
        }
        return times.Build();
    }

    /// <summary>A dictionary in the names' order, as the report's own dictionaries enumerate.</summary>
    private static Dictionary<string, T> Named<T>(IList<string> names, IList<T> values, string what)
    {
        if (names.Count != values.Count) throw new FormatException($"a point result has {names.Count} {what} names for {values.Count} values");
        var named = new Dictionary<string, T>(names.Count, StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
            if (!named.TryAdd(names[i], values[i])) throw new FormatException($"a point result names {what} '{names[i]}' twice");
        return named;
    }
}
