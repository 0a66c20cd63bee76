using System.Globalization;
using System.Text;
using ActorMigration.Node.Calibration;

namespace ActorMigration.Node.Reports;

/// <summary>Model against measurements, as <c>calibrate</c> prints it: one row per cell, then the error summary per mode and
/// overall, then the parameters before and after.</summary>
public static class CalibrationTable
{
    /// <summary>The per-cell table: mode, workers, folio KiB, measured, stddev, model, error %, within max(20 %, 2 sd)?
    /// Total and batch columns appear when a cell departs from the defaults (1G; 512 pages for vanilla, 262144 otherwise).</summary>
    public static string Cells(IReadOnlyList<MeasuredCell> cells, ModelEvaluation model)
    {
        if (!model.IsValid) return $"(the profile could not be read: {model.Problem})";
        var showTotal = cells.Any(c => c.Total != MeasurementFile.DefaultTotal);
        var showBatch = cells.Any(c => c.BatchPages != MeasurementFile.DefaultBatchPages(c.Mode));
        var header = new List<string> { "mode", "workers", "folio KiB" };
        if (showTotal) header.Add("total");
        if (showBatch) header.Add("batch pages");
        header.AddRange(["measured GB/s", "stddev", "model GB/s", "error", "within max(20%,2sd)"]);
        var rows = cells.Select((c, i) =>
        {
            var row = new List<string> { c.Mode, Int(c.Workers), Int(c.FolioKiB) };
            if (showTotal) row.Add(c.Total.ToString());
            if (showBatch) row.Add(Int(c.BatchPages));
            row.AddRange([F2(c.Gbps), F2(c.Stddev), F2(model.ModelGbps[i]), Percent(CalibrationLoss.RelativeError(c, model.ModelGbps[i])),
                CalibrationLoss.Within(c, model.ModelGbps[i]) ? "yes" : "NO"]);
            return row;
        }).ToList();
        return Layout(header, rows, leftColumns: 1);
    }

    /// <summary>The error summary: per mode (in order of appearance) and overall, the cells, the median absolute error,
    /// the worst cell and the cells outside tolerance; then the loss.</summary>
    public static string Summary(IReadOnlyList<MeasuredCell> cells, ModelEvaluation model)
    {
        if (!model.IsValid) return "";
        var errors = cells.Select((c, i) => (Cell: c, Error: CalibrationLoss.RelativeError(c, model.ModelGbps[i]), Within: CalibrationLoss.Within(c, model.ModelGbps[i]))).ToArray();
        var groups = errors.GroupBy(e => e.Cell.Mode).Select(g => (Name: g.Key, Items: g.ToArray())).ToList();
        groups.Add(("all", errors));
        var rows = groups.Select(g =>
        {
            var worst = g.Items.MaxBy(e => Math.Abs(e.Error));
            return new List<string>
            {
                g.Name, Int(g.Items.Length), Percent(Median(g.Items.Select(e => Math.Abs(e.Error))), signed: false),
                $"{Percent(worst.Error)} ({worst.Cell.Label})", Int(g.Items.Count(e => !e.Within)),
            };
        }).ToList();
        return Layout(["mode", "cells", "median |error|", "worst error (cell)", "outside tolerance"], rows, leftColumns: 1, leftAlso: 3)
            + Environment.NewLine + string.Create(CultureInfo.InvariantCulture, $"loss {model.Loss:F3}");
    }

    /// <summary>The fitted parameters: value before, after, and the change.</summary>
    public static string Parameters(IReadOnlyList<ProfileParameter> parameters, ModelEvaluation before, ModelEvaluation after)
    {
        var rows = parameters.Select((p, i) => new List<string>
        {
            p.Key, p.Scalar.Text, p.Format(after.Values[i]), Percent(after.Values[i] / before.Values[i] - 1),
        }).ToList();
        return Layout(["parameter", "before", "after", "change"], rows, leftColumns: 1);
    }

    /// <summary>The median absolute relative error of a model over the cells (a figure for tests and summaries).</summary>
    public static double MedianAbsError(IReadOnlyList<MeasuredCell> cells, ModelEvaluation model) =>
        Median(cells.Select((c, i) => Math.Abs(CalibrationLoss.RelativeError(c, model.ModelGbps[i]))));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return 0;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Layout(IReadOnlyList<string> header, IReadOnlyList<List<string>> rows, int leftColumns, int leftAlso = -1)
    {
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            var line = new StringBuilder();
            for (var c = 0; c < cells.Count; c++)
            {
                if (c > 0) line.Append("  ");
                var left = c < leftColumns || c == leftAlso;
                line.Append(left ? cells[c].PadRight(widths[c]) : cells[c].PadLeft(widths[c]));
            }
            text.AppendLine(line.ToString().TrimEnd());
        }
        Line(header);
        foreach (var row in rows) Line(row);
        return text.ToString().TrimEnd();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F2(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    private static string Percent(double share, bool signed = true) =>
        (share * 100).ToString(signed ? "+0.0;-0.0;0.0" : "0.0", CultureInfo.InvariantCulture) + "%";
}
