using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ActorMigration.Node.Calibration;

/// <summary>Fits the parameters of a <see cref="CalibrationProblem"/>: Nelder-Mead (MathNet.Numerics) on the logarithms of
/// the values, so every value stays positive and a step means the same relative change for a nanosecond cost and a
/// GB/s rate; restarted with a smaller simplex from the best point while that still helps; bounded by an evaluation budget.</summary>
public static class Calibrator
{
    /// <summary>The first simplex's step: ±22 % on every parameter.</summary>
    public const double FirstStep = 0.2;

    /// <summary>The step of each restart from the best point: ±5 %.</summary>
    public const double RestartStep = 0.05;

    /// <summary>Simplex runs at most (the first and its restarts).</summary>
    public const int MaxRuns = 3;

    /// <summary>A simplex has converged when its losses differ by less than this share of <c>1 + loss</c>: relative for a
    /// large loss, absolute near a perfect fit (where a purely relative test would never be met).</summary>
    public const double ConvergenceTolerance = 1e-4;

    /// <summary>Added to the loss the simplex sees, so that MathNet's relative convergence test becomes the one above.</summary>
    private const double LossOffset = 1;

    /// <summary>A restart is worth another only if it cut the loss by more than this share (of <c>1 + loss</c>).</summary>
    public const double RestartGain = 1e-3;

    /// <summary>Fits, spending at most <paramref name="maxEvaluations"/> evaluations (the starting point included);
    /// <paramref name="progress"/> hears about every new evaluation.</summary>
    public static CalibrationResult Fit(CalibrationProblem problem, int maxEvaluations, Action<FitProgress>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvaluations, 1);
        var start = problem.Start;
        var before = problem.Evaluate(start);
        var best = before;
        var calls = 0;
        double Loss(Vector<double> x)
        {
            // The simplex may revisit points that round to the same written values: those are free, but bounded too.
            if (++calls > 50 * maxEvaluations) throw new BudgetExhausted();
            var values = start.Select((v, i) => v * Math.Exp(x[i])).ToArray();
            var fresh = !problem.IsEvaluated(values);
            if (fresh && problem.Evaluations >= maxEvaluations) throw new BudgetExhausted();
            var evaluation = problem.Evaluate(values);
            if (evaluation.Loss < best.Loss) best = evaluation;
            if (fresh) progress?.Invoke(new FitProgress(problem.Evaluations, maxEvaluations, evaluation, best));
            return LossOffset + evaluation.Loss;
        }

        var converged = false;
        for (var run = 0; run < MaxRuns && problem.Evaluations < maxEvaluations; run++)
        {
            var lossBefore = best.Loss;
            var x0 = Vector<double>.Build.DenseOfEnumerable(best.Values.Select((v, i) => Math.Log(v / start[i])));
            var step = Vector<double>.Build.Dense(start.Count, run == 0 ? FirstStep : RestartStep);
            try
            {
                NelderMeadSimplex.Minimum(ObjectiveFunction.Value(Loss), x0, step, ConvergenceTolerance, int.MaxValue);
                converged = true;
            }
            catch (BudgetExhausted)
            {
                converged = false;
                break;
            }
            if (run > 0 && lossBefore - best.Loss <= RestartGain * (LossOffset + lossBefore)) break;
        }
        return new CalibrationResult(before, best, problem.Evaluations, converged);
    }

    /// <summary>Raised inside the objective to stop the simplex when the budget is spent; the best point so far is the result.</summary>
    private sealed class BudgetExhausted : Exception;
}
