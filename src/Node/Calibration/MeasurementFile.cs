using System.Globalization;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Calibration;

/// <summary>A CSV of measured throughputs to calibrate against: a header naming the columns, then one cell per line.</summary>
/// <remarks>Columns (any order): <c>mode,workers,folio_kib,gbps</c> required; <c>stddev</c> (GB/s, default 0), <c>total</c>
/// (bytes moved per call, default 1G) and <c>batch_pages</c> (NR_MAX_BATCHED_MIGRATION, default 512 for vanilla and
/// 262144 otherwise) optional, an empty field meaning the default. Other columns are ignored (and listed in
/// <see cref="IgnoredColumns"/>). Blank lines and lines starting with <c>#</c> are skipped. Every error names the file,
/// the line, the column and what was expected.</remarks>
public sealed record MeasurementFile(string File, IReadOnlyList<MeasuredCell> Cells, IReadOnlyList<string> IgnoredColumns)
{
    /// <summary>The columns every file must have.</summary>
    public static readonly IReadOnlyList<string> RequiredColumns = ["mode", "workers", "folio_kib", "gbps"];

    /// <summary>The columns a file may have.</summary>
    public static readonly IReadOnlyList<string> OptionalColumns = ["stddev", "total", "batch_pages"];

    /// <summary>Bytes per call when the file has no <c>total</c>: the 1 GB of the RFC's benchmark.</summary>
    public static readonly ByteSize DefaultTotal = ByteSize.FromGiB(1);

    /// <summary>NR_MAX_BATCHED_MIGRATION upstream: one PMD of base pages.</summary>
    public const int UpstreamBatchPages = 512;

    /// <summary>NR_MAX_BATCHED_MIGRATION of the RFC's benchmark kernels: 1 GB of base pages, one batch for the whole call.</summary>
    public const int BenchmarkBatchPages = 262_144;

    /// <summary>NR_MAX_BATCHED_MIGRATION of a cell without <c>batch_pages</c>: upstream's for vanilla, the benchmark's otherwise.</summary>
    public static int DefaultBatchPages(string mode) => mode == "vanilla" ? UpstreamBatchPages : BenchmarkBatchPages;

    private static readonly string[] CellModes = ["vanilla", "batch", "mtcopy", "dcbm"];

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    public static MeasurementFile Load(string path)
    {
        string text;
        try
        {
            text = global::System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: cannot be read: {e.Message}");
        }
        return Parse(path, text);
    }

    /// <summary>Parses CSV <paramref name="text"/> as if read from <paramref name="file"/>.</summary>
    public static MeasurementFile Parse(string file, string text)
    {
        var lines = text.Split('\n');
        var header = -1;
        for (var i = 0; i < lines.Length && header < 0; i++)
            if (!Skipped(lines[i])) header = i;
        var columns = header < 0 ? [] : Fields(lines[header]);
        var expected = $"a header naming the columns {string.Join(",", RequiredColumns)} (optional: {string.Join(",", OptionalColumns)})";
        if (header < 0) throw new UsageException($"{file}: expected {expected}, found no lines");
        var headerLine = header + 1;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Length; c++)
            if (!index.TryAdd(columns[c], c)) throw new UsageException($"{file}: line {headerLine}: column {columns[c]} appears twice in the header");
        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToArray();
        if (missing.Length > 0)
            throw new UsageException($"{file}: line {headerLine}: expected {expected}, found no column {string.Join(", ", missing)} in '{lines[header].Trim()}'");
        var ignored = columns.Where(c => !RequiredColumns.Contains(c) && !OptionalColumns.Contains(c)).ToArray();

        var cells = new List<MeasuredCell>();
        var seen = new Dictionary<(string, int, int, long, int), int>();
        for (var i = header + 1; i < lines.Length; i++)
        {
            if (Skipped(lines[i])) continue;
            var row = new Row(file, i + 1, Fields(lines[i]), index);
            if (row.Fields.Length != columns.Length)
                throw new UsageException($"{file}: line {row.Line}: expected {columns.Length} fields as in the header, found {row.Fields.Length}");
            var cell = row.Cell();
            if (seen.TryGetValue((cell.Mode, cell.Workers, cell.FolioKiB, cell.Total.Bytes, cell.BatchPages), out var first))
                throw new UsageException($"{file}: line {row.Line}: the cell {cell.Label} (total {cell.Total}, batch_pages {cell.BatchPages}) is already on line {first}");
            seen.Add((cell.Mode, cell.Workers, cell.FolioKiB, cell.Total.Bytes, cell.BatchPages), row.Line);
            cells.Add(cell);
        }
        if (cells.Count == 0) throw new UsageException($"{file}: expected at least one measured cell after the header (line {headerLine})");
        return new MeasurementFile(file, cells, ignored);
    }

    private static bool Skipped(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');

    private static string[] Fields(string line) => line.TrimEnd('\r').Split(',').Select(f => f.Trim()).ToArray();

    /// <summary>One data line, read field by field with errors that name line and column.</summary>
    private sealed record Row(string File, int Line, string[] Fields, IReadOnlyDictionary<string, int> Index)
    {
        public MeasuredCell Cell()
        {
            var mode = Field("mode");
            if (!CellModes.Contains(mode)) throw Error("mode", $"one of {string.Join("|", CellModes)}");
            var hasWorkers = mode is "mtcopy" or "dcbm";
            var workers = hasWorkers
                ? Int("workers", 1, 1024, "threads (mtcopy) or channels (dcbm) from 1 to 1024")
                : Int("workers", 0, 0, $"0 for {mode} (it has no copy threads or channels)");
            var folioKiB = Int("folio_kib", 4, 2048, "a folio size in KiB: 4, 8, 16, ..., 2048");
            if (!int.IsPow2(folioKiB)) throw Error("folio_kib", "a folio size in KiB: 4, 8, 16, ..., 2048");
            var gbps = Number("gbps", double.Epsilon, "a positive throughput in GB/s, such as 3.73");
            var stddev = Optional("stddev") is null ? 0 : Number("stddev", 0, "a standard deviation in GB/s of 0 or more, such as 0.33");
            var total = MeasurementFile.DefaultTotal;
            if (Optional("total") is { } totalText)
            {
                var expected = $"bytes per call as a whole number of {folioKiB} KiB folios, such as 1G or 64M";
                if (!ByteSize.TryParse(totalText, out total) || total.Bytes < folioKiB * 1024L || total.Bytes % (folioKiB * 1024L) != 0)
                    throw Error("total", expected);
                if (total.Bytes / (folioKiB * 1024L) > int.MaxValue) throw Error("total", $"at most {int.MaxValue} folios per call");
            }
            var batchPages = Optional("batch_pages") is null
                ? DefaultBatchPages(mode)
                : Int("batch_pages", 1, int.MaxValue, "NR_MAX_BATCHED_MIGRATION in base pages, such as 512");
            return new MeasuredCell(Line, mode, workers, folioKiB, gbps, stddev, total, batchPages);
        }

        private string Field(string column) => Fields[Index[column]];

        private string? Optional(string column) => Index.TryGetValue(column, out var c) && Fields[c].Length > 0 ? Fields[c] : null;

        private int Int(string column, int min, int max, string expected) =>
            int.TryParse(Field(column), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : throw Error(column, expected);

        private double Number(string column, double min, string expected) =>
            double.TryParse(Field(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min ? v : throw Error(column, expected);

        private UsageException Error(string column, string expected) =>
            new($"{File}: line {Line}, column {column}: expected {expected}, found '{Field(column)}'");
    }
}
