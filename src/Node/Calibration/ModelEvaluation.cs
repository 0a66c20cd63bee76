namespace ActorMigration.Node.Calibration;

/// <summary>The model at one point of the parameter space: every measured cell run through the simulator.</summary>
/// <param name="Values">The parameter values, in each parameter's unit, exactly as <see cref="ProfileText"/> writes them.</param>
/// <param name="ProfileText">The profile with those values spliced in.</param>
/// <param name="ModelGbps">The simulated throughput of each cell, in the order of the measurement file (empty when invalid).</param>
/// <param name="Loss">The calibration loss (<see cref="CalibrationLoss"/>); <see cref="CalibrationLoss.Invalid"/> when invalid.</param>
/// <param name="Problem">Why the profile could not be read at these values (a value out of the reader's range), or null.</param>
/// <param name="WallMs">Wall-clock time of the evaluation.</param>
public sealed record ModelEvaluation(
    IReadOnlyList<double> Values, string ProfileText, IReadOnlyList<double> ModelGbps, double Loss, string? Problem, double WallMs)
{
    /// <summary>True when every cell ran.</summary>
    public bool IsValid => Problem is null;
}
