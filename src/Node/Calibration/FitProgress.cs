namespace ActorMigration.Node.Calibration;

/// <summary>Where a fit stands after an evaluation, for progress reports.</summary>
/// <param name="Evaluation">Evaluations so far (the starting point included).</param>
/// <param name="MaxEvaluations">The budget.</param>
/// <param name="Latest">The point just evaluated.</param>
/// <param name="Best">The best point so far.</param>
public sealed record FitProgress(int Evaluation, int MaxEvaluations, ModelEvaluation Latest, ModelEvaluation Best);
