using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Sweep;

namespace ActorMigration.Node.Calibration;

/// <summary>What to fit: a profile, the parameters that may move, and the measured cells, each turned once into the
/// scenario that reproduces it. <see cref="Evaluate"/> runs every cell on the profile with given parameter values.</summary>
/// <remarks>An evaluation splices the values into the profile text and reads it back with <see cref="PlatformProfileReader"/>,
/// exactly as a written calibrated profile will be read, so its figures are the ones that profile reproduces. Evaluations
/// are remembered by their written values: the simplex revisiting a point costs nothing.</remarks>
public sealed class CalibrationProblem
{
    private readonly MigrationScenario[] _scenarios;
    private readonly Dictionary<string, ModelEvaluation> _evaluated = new(StringComparer.Ordinal);

    /// <summary>Checks that every cell makes a run on <paramref name="document"/>'s platform (errors name the file and line).</summary>
    public CalibrationProblem(ProfileDocument document, IReadOnlyList<ProfileParameter> parameters, MeasurementFile measurements, int parallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallel, 1);
        Document = document;
        Parameters = parameters;
        Measurements = measurements;
        Parallel = parallel;
        _scenarios = measurements.Cells.Select(cell => ScenarioBuilder.Build(
            new ScenarioBuilder.Input(document.File, cell.Mode, cell.Workers, null, $"{cell.FolioKiB}K", cell.Total.ToString(), null,
                cell.BatchPages, "syscall", 1, FaultInjection.None),
            document.Profile,
            (key, problem) => new UsageException($"{measurements.File}: line {cell.Line}, column {Column(key)}: {problem}"))).ToArray();
    }

    /// <summary>The profile being calibrated.</summary>
    public ProfileDocument Document { get; }

    /// <summary>The parameters that move.</summary>
    public IReadOnlyList<ProfileParameter> Parameters { get; }

    /// <summary>The measured cells.</summary>
    public MeasurementFile Measurements { get; }

    /// <summary>The cells.</summary>
    public IReadOnlyList<MeasuredCell> Cells => Measurements.Cells;

    /// <summary>Runs at once in one evaluation.</summary>
    public int Parallel { get; }

    /// <summary>The parameters' values in the profile as given.</summary>
    public IReadOnlyList<double> Start => Parameters.Select(p => p.Value).ToArray();

    /// <summary>Distinct points evaluated so far (each one ran every cell).</summary>
    public int Evaluations => _evaluated.Count;

    /// <summary>True when the point that <paramref name="values"/> writes has been evaluated already.</summary>
    public bool IsEvaluated(IReadOnlyList<double> values) => _evaluated.ContainsKey(Key(values));

    /// <summary>Runs every cell with <paramref name="values"/> (one per parameter, in its unit, rounded as the profile writes it).</summary>
    public ModelEvaluation Evaluate(IReadOnlyList<double> values)
    {
        if (values.Count != Parameters.Count) throw new ArgumentException($"Expected {Parameters.Count} values", nameof(values));
        var key = Key(values);
        if (_evaluated.TryGetValue(key, out var known)) return known;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var written = Parameters.Select((p, i) => p.Quantize(values[i])).ToArray();
        var text = Document.With(Parameters, written);
        ModelEvaluation evaluation;
        PlatformProfile? profile = null;
        string? problem = null;
        try
        {
            profile = Document.Read(text);
        }
        catch (ConfigException e)
        {
            problem = e.Message;
        }
        if (profile is null) evaluation = new ModelEvaluation(written, text, [], CalibrationLoss.Invalid, problem, clock.Elapsed.TotalMilliseconds);
        else
        {
            var outcomes = SweepRunner.Run(_scenarios.Select(s => s with { Platform = profile }).ToArray(), Parallel);
            var gbps = outcomes.Select(o => o.Result.Report.ThroughputGBps).ToArray();
            evaluation = new ModelEvaluation(written, text, gbps, CalibrationLoss.Total(Cells, gbps), null, clock.Elapsed.TotalMilliseconds);
        }
        _evaluated.Add(key, evaluation);
        return evaluation;
    }

    private string Key(IReadOnlyList<double> values) => string.Join("|", Parameters.Select((p, i) => p.Format(values[i])));

    /// <summary>The CSV column behind a scenario key.</summary>
    private static string Column(string scenarioKey) => scenarioKey switch
    {
        "folio-size" => "folio_kib",
        "batch-pages" => "batch_pages",
        "engine" => "mode",
        _ => scenarioKey.Replace('-', '_'),
    };
}
