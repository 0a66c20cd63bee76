using System.Text.Json;
using ActorMigration.Contracts.Journal;

namespace ActorMigration.Node.Journal;

/// <summary>Writes a folio-detail run as Chrome trace-event JSON (what Perfetto and chrome://tracing open): one track per CPU,
/// DMA channel and engine; spans for unmap, flush, copy and remap; each migrate_pages_batch() call as the parent span of its
/// folios' work on the migrating thread's CPU.</summary>
public static class TraceExporter
{
    private const int ProcessId = 1;

    /// <summary>Writes the trace of <paramref name="run"/> to <paramref name="output"/>.</summary>
    public static void Write(JournaledRun run, Stream output)
    {
        var started = run.Started;
        var spans = RunTimeline.Of(run);
        var tracks = new Dictionary<string, int>(StringComparer.Ordinal);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ns");
        json.WriteStartArray("traceEvents");
        Metadata(json, "process_name", 0, $"{started.PlatformName} {run.RunId}: {started.Mode} x{started.Workers}, {started.Folios} folios");
        Track(RunTimeline.TaskTrack(started));
        foreach (var span in spans)
        {
            var tid = Track(span.Track);
            json.WriteStartObject();
            json.WriteString("name", span.Name);
            json.WriteString("cat", span.Category);
            json.WriteString("ph", "X");
            json.WriteNumber("ts", span.StartPs / 1e6);
            json.WriteNumber("dur", (span.EndPs - span.StartPs) / 1e6);
            json.WriteNumber("pid", ProcessId);
            json.WriteNumber("tid", tid);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        int Track(string name)
        {
            if (tracks.TryGetValue(name, out var tid)) return tid;
            tid = tracks.Count + 1;
            tracks.Add(name, tid);
            Metadata(json, "thread_name", tid, name);
            return tid;
        }
    }

    private static void Metadata(Utf8JsonWriter json, string kind, int tid, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", kind);
        json.WriteString("ph", "M");
        json.WriteNumber("pid", ProcessId);
        json.WriteNumber("tid", tid);
        json.WriteStartObject("args");
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
