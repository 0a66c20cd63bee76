namespace ActorMigration.Node.Calibration;

/// <summary>The outcome of a fit.</summary>
/// <param name="Before">The model with the profile's values.</param>
/// <param name="After">The best model found; its <see cref="ModelEvaluation.ProfileText"/> is the calibrated profile (without notes).</param>
/// <param name="Evaluations">Distinct points evaluated, the starting point included.</param>
/// <param name="Converged">True when the simplex converged; false when the evaluation budget ran out first.</param>
public sealed record CalibrationResult(ModelEvaluation Before, ModelEvaluation After, int Evaluations, bool Converged);
