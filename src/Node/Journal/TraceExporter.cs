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
        if (started.Detail != "folio")
            throw new InvalidOperationException($"{run.RunId} was journaled at {started.Detail} detail; a timeline needs --journal-detail folio");
        var tracks = new Dictionary<string, int>(StringComparer.Ordinal);
        var taskTrack = $"cpu{started.TaskCpu}";
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ns");
        json.WriteStartArray("traceEvents");
        Metadata(json, "process_name", 0, $"{started.PlatformName} {run.RunId}: {started.Mode} x{started.Workers}, {started.Folios} folios");
        Track(taskTrack);
        foreach (var e in run.Events)
        {
            switch (e)
            {
                case BatchCompleted b:
                    Span(taskTrack, $"migrate_pages_batch #{b.Index}", "batch", b.StartPs, b.EndPs);
                    break;
                case FoliosCompleted f:
                    WriteFolios(f);
                    break;
                case SpansRecorded s:
                    for (var i = 0; i < s.Track.Count; i++) Span(s.Track[i], s.Name[i], Category(s.Name[i]), s.StartPs[i], s.EndPs[i]);
                    break;
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();

        void WriteFolios(FoliosCompleted f)
        {
            long sharedStart = -1, sharedEnd = -1;
            var shared = 0;
            for (var i = 0; i < f.Folio.Count; i++)
            {
                if (f.UnmapStartPs[i] >= 0) Span(taskTrack, $"unmap folio {f.Folio[i]}", "unmap", f.UnmapStartPs[i], f.UnmapEndPs[i]);
                if (f.CopyStartPs[i] >= 0)
                {
                    // Folios copied together by a migrator share one window: one span for the lot, not one per folio.
                    if (f.CopyStartPs[i] == sharedStart && f.CopyEndPs[i] == sharedEnd) shared++;
                    else
                    {
                        FlushShared();
                        (sharedStart, sharedEnd, shared) = (f.CopyStartPs[i], f.CopyEndPs[i], 1);
                    }
                }
                if (f.RemapStartPs[i] >= 0) Span(taskTrack, $"remap folio {f.Folio[i]}", "remap", f.RemapStartPs[i], f.RemapEndPs[i]);
            }
            FlushShared();

            void FlushShared()
            {
                if (shared == 0) return;
                Span(taskTrack, shared == 1 ? "copy" : $"batch copy ({shared} folios)", "copy", sharedStart, sharedEnd);
                shared = 0;
            }
        }

        int Track(string name)
        {
            if (tracks.TryGetValue(name, out var tid)) return tid;
            tid = tracks.Count + 1;
            tracks.Add(name, tid);
            Metadata(json, "thread_name", tid, name);
            return tid;
        }

        void Span(string track, string name, string category, long startPs, long endPs)
        {
            var tid = Track(track);
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("cat", category);
            json.WriteString("ph", "X");
            json.WriteNumber("ts", startPs / 1e6);
            json.WriteNumber("dur", (endPs - startPs) / 1e6);
            json.WriteNumber("pid", ProcessId);
            json.WriteNumber("tid", tid);
            json.WriteEndObject();
        }
    }

    private static string Category(string name) => name switch
    {
        "try_to_unmap_flush" => "flush",
        _ => "copy",
    };

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
