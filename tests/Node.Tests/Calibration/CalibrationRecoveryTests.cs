using System.Globalization;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Node.Calibration;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Tests.Calibration;

/// <summary>Fits a deliberately wrong profile to "measurements" made by the true one, and checks the truth comes back.</summary>
public sealed class CalibrationRecoveryTests
{
    private static readonly int[] FolioKiB = [4, 16, 64, 256, 2048];
    private const string Total = "32M";

    [Fact]
    public void Perturbed_parameters_are_fitted_back_and_the_written_profile_reproduces_the_fit()
    {
        var truth = ProfileDocument.Load("zen3-ptdma");
        string[] keys = ["kernel.pte", "cpu_copy.thread"];
        var trueParameters = truth.Parameters(keys);
        var measurements = Measure(truth, trueParameters);

        // kernel.pte 30 % too slow, one copy thread 15 % too slow.
        var perturbed = ProfileDocument.Parse("perturbed.yaml", truth.With(trueParameters, [226 * 1.3, 11.34 * 0.85]));
        var problem = new CalibrationProblem(perturbed, perturbed.Parameters(keys), measurements, Environment.ProcessorCount);
        var result = Calibrator.Fit(problem, maxEvaluations: 150);

        Assert.True(result.Converged, $"not converged in {result.Evaluations} evaluations");
        Assert.InRange(result.After.Values[0] / 226, 0.98, 1.02);
        Assert.InRange(result.After.Values[1] / 11.34, 0.98, 1.02);
        Assert.True(result.Before.Loss > 100 * result.After.Loss, $"loss {result.Before.Loss} -> {result.After.Loss}");
        Assert.All(measurements.Cells.Select((c, i) => CalibrationLoss.RelativeError(c, result.After.ModelGbps[i])), e => Assert.InRange(e, -0.01, 0.01));

        // The calibrated profile, written as calibrate --out writes it, loads and reproduces the "after" figures exactly,
        // run by run as `actormigration run` would run them.
        var path = Path.Combine(Path.GetTempPath(), $"calibrated-{Guid.NewGuid():N}.yaml");
        try
        {
            Output.WriteAtomically(path, perturbed.With(problem.Parameters, result.After.Values, "fitted by actormigration calibrate to measured.csv"));
            var reloaded = PlatformProfileReader.Load(path);
            Assert.Equal(result.After.Values[0] * 1000, reloaded.Kernel.Pte.Picoseconds, 6);
            Assert.Equal(result.After.Values[1] * 1e9, reloaded.CpuCopy.Thread.BytesPerSecond, 1);
            for (var i = 0; i < measurements.Cells.Count; i++)
            {
                var cell = measurements.Cells[i];
                var scenario = ScenarioBuilder.Build(new ScenarioBuilder.Input(path, cell.Mode, cell.Workers, null, $"{cell.FolioKiB}K", Total, null,
                    cell.BatchPages, "syscall", 1, FaultInjection.None), (key, message) => new UsageException($"{key}: {message}"));
                Assert.Equal(result.After.ModelGbps[i], MigrationSimulation.Run(scenario).Report.ThroughputGBps);
            }
            Assert.Contains("(fitted by actormigration calibrate to measured.csv)", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_cell_the_platform_cannot_run_names_the_measurement_line()
    {
        var shipped = ProfileDocument.Load("zen3-ptdma");
        var noEngines = ProfileDocument.Parse("no-engines.yaml", shipped.Text[..shipped.Text.IndexOf("engines:", StringComparison.Ordinal)]);
        var measurements = MeasurementFile.Parse("box.csv", "mode,workers,folio_kib,gbps\nvanilla,0,4,3.7\ndcbm,4,16,6.4\n");
        var e = Assert.Throws<UsageException>(() => new CalibrationProblem(noEngines, noEngines.Parameters(["kernel.pte"]), measurements, 1));
        Assert.Equal("box.csv: line 3, column mode: platform zen3-ptdma has no DMA engine", e.Message);
    }

    [Fact]
    public void A_value_the_profile_reader_refuses_is_an_invalid_point_not_a_crash()
    {
        var shipped = ProfileDocument.Load("zen3-ptdma");
        var measurements = MeasurementFile.Parse("box.csv", "mode,workers,folio_kib,gbps,total\nvanilla,0,2048,10.6,8M\n");
        var problem = new CalibrationProblem(shipped, shipped.Parameters(["kernel.unmap_share"]), measurements, 1);
        var evaluation = problem.Evaluate([1.5]);
        Assert.False(evaluation.IsValid);
        Assert.Equal(CalibrationLoss.Invalid, evaluation.Loss);
        Assert.Contains("kernel.unmap_share: expected a number from 0 to 1, found '1.5'", evaluation.Problem, StringComparison.Ordinal);
        Assert.True(problem.Evaluate([0.55]).IsValid);
        Assert.Equal(2, problem.Evaluations);
        Assert.Same(evaluation, problem.Evaluate([1.500001]));
    }

    /// <summary>Vanilla move_pages of <see cref="Total"/> per folio size, "measured" on the true profile with a 2 % spread.</summary>
    private static MeasurementFile Measure(ProfileDocument truth, IReadOnlyList<ProfileParameter> parameters)
    {
        var rows = FolioKiB.Select(kib => $"vanilla,0,{kib},1,0,{Total}").ToArray();
        var cells = MeasurementFile.Parse("cells.csv", "mode,workers,folio_kib,gbps,stddev,total\n" + string.Join("\n", rows));
        var model = new CalibrationProblem(truth, parameters, cells, Environment.ProcessorCount).Evaluate(parameters.Select(p => p.Value).ToArray());
        var measured = FolioKiB.Select((kib, i) => string.Create(CultureInfo.InvariantCulture,
            $"vanilla,0,{kib},{model.ModelGbps[i]:R},{0.02 * model.ModelGbps[i]:R},{Total}"));
        return MeasurementFile.Parse("measured.csv", "mode,workers,folio_kib,gbps,stddev,total\n" + string.Join("\n", measured));
    }
}
