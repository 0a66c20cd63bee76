using System.Globalization;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Sweep;
using Xunit.Abstractions;

namespace ActorMigration.Node.Tests;

/// <summary>The calibration guard: the shipped RFC scenario must keep reproducing the measured table.</summary>
/// <remarks>One calibrated parameter set for all cells; the model never reads the measurements while it runs, only this test does.</remarks>
public sealed class FidelityGuardTests(ITestOutputHelper output)
{
    private const double MaxMedianError = 0.05;

    [Fact]
    public void Rfc_v3_throughput_sweep_matches_the_measurements()
    {
        var sweep = SweepFile.Load(RepositoryFiles.Path("config/scenarios/rfc-v3-throughput.yaml"));
        var measured = ReadMeasurements(RepositoryFiles.Path("config/measurements/zen3-ptdma-v3-throughput.csv"));
        var outcomes = SweepRunner.Run(sweep.Scenarios, Environment.ProcessorCount);

        Assert.Equal(measured.Count, outcomes.Count);
        var errors = new List<double>();
        var outside = new List<string>();
        foreach (var o in outcomes)
        {
            var key = (ScenarioNames.NameOf(ScenarioNames.Modes, o.Scenario.Mode), o.Scenario.Workers, (int)o.Scenario.FolioSize.KiB);
            Assert.True(measured.TryGetValue(key, out var cell), $"The scenario runs {key}, which the measurements do not have");
            var model = o.Result.Report.ThroughputGBps;
            var error = (model - cell.Gbps) / cell.Gbps;
            errors.Add(Math.Abs(error));
            var tolerance = Math.Max(0.20, 2 * cell.Stddev / cell.Gbps);
            var line = string.Create(CultureInfo.InvariantCulture, $"{key}: model {model:F2} GB/s, measured {cell.Gbps:F2} ± {cell.Stddev:F2}, error {error:+0.0%;-0.0%}");
            output.WriteLine(line);
            if (Math.Abs(error) > tolerance) outside.Add($"{line} (tolerance {tolerance:P0})");
        }
        var median = errors.Order().ElementAt(errors.Count / 2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median absolute error {median:P2}, worst {errors.Max():P1}"));
        Assert.True(median <= MaxMedianError, $"Median absolute error {median:P2} exceeds {MaxMedianError:P0}");
        Assert.True(outside.Count == 0, "Cells outside max(20%, 2 sd):\n" + string.Join('\n', outside));
    }

    private static Dictionary<(string Mode, int Workers, int FolioKib), (double Gbps, double Stddev)> ReadMeasurements(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToDictionary(
            f => (f[Col("mode")], int.Parse(f[Col("workers")], CultureInfo.InvariantCulture), int.Parse(f[Col("folio_kib")], CultureInfo.InvariantCulture)),
            f => (double.Parse(f[Col("gbps")], CultureInfo.InvariantCulture), double.Parse(f[Col("stddev")], CultureInfo.InvariantCulture)));
    }
}
