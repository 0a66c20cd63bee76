namespace ActorMigration.Node.Calibration;

/// <summary>How far a model is from the measurements: a robust, noise-weighted loss of per-cell relative errors, and the
/// per-cell acceptance test of the reports.</summary>
/// <remarks>Per cell, the error is <c>e = ln(model / measured)</c>, scaled by the cell's noise
/// <c>σ = sqrt(s0² + (stddev / measured)²)</c> with a floor <c>s0</c> of 4 %, so a noisy cell counts less. The loss is the
/// pseudo-Huber sum <c>Σ 2(sqrt(1 + (e/σ)²) − 1)</c>: quadratic for small errors, linear for large ones, so one cell the
/// model cannot explain does not drag every parameter after it. This is the objective of the research fit that produced
/// the shipped zen3-ptdma values (research/fit.py), without its extra penalty near the tolerance.</remarks>
public static class CalibrationLoss
{
    /// <summary>The noise floor: a cell measured with no spread still counts as ±4 %.</summary>
    public const double NoiseFloor = 0.04;

    /// <summary>A cell is within tolerance when the model is within this share of the measurement (or 2 stddev, if more).</summary>
    public const double RelativeTolerance = 0.20;

    /// <summary>The loss of a model that could not be evaluated (a value the profile reader rejects): worse than any real fit,
    /// but finite, so the simplex simply moves away from it.</summary>
    public const double Invalid = 1e12;

    /// <summary>The relative error of the model against the cell: <c>model / measured − 1</c>.</summary>
    public static double RelativeError(MeasuredCell cell, double modelGbps) => modelGbps / cell.Gbps - 1;

    /// <summary>The cell's noise in log space: the floor combined with its relative standard deviation.</summary>
    public static double Sigma(MeasuredCell cell) => Math.Sqrt(NoiseFloor * NoiseFloor + Math.Pow(cell.Stddev / cell.Gbps, 2));

    /// <summary>The loss of one cell (0 for a perfect model).</summary>
    public static double Cell(MeasuredCell cell, double modelGbps)
    {
        if (!(modelGbps > 0) || !double.IsFinite(modelGbps)) return Invalid;
        var z = Math.Log(modelGbps / cell.Gbps) / Sigma(cell);
        return 2 * (Math.Sqrt(1 + z * z) - 1);
    }

    /// <summary>The loss of a model over every cell.</summary>
    public static double Total(IReadOnlyList<MeasuredCell> cells, IReadOnlyList<double> modelGbps)
    {
        var loss = 0.0;
        for (var i = 0; i < cells.Count; i++) loss += Cell(cells[i], modelGbps[i]);
        return Math.Min(loss, Invalid);
    }

    /// <summary>The cell's tolerance as a relative error: the larger of 20 % and two standard deviations.</summary>
    public static double Tolerance(MeasuredCell cell) => Math.Max(RelativeTolerance, 2 * cell.Stddev / cell.Gbps);

    /// <summary>True when the model is within the cell's tolerance.</summary>
    public static bool Within(MeasuredCell cell, double modelGbps) => Math.Abs(RelativeError(cell, modelGbps)) <= Tolerance(cell);
}
