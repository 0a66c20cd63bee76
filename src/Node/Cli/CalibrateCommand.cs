using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActorMigration.Node.Calibration;
using ActorMigration.Node.Reports;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration calibrate --platform NAME|PATH --measurements CSV --fit PARAM[,PARAM...] [--out PROFILE.yaml]
/// [--max-evaluations N] [--parallel N]</c>: fits profile values to measured throughputs.</summary>
internal static class CalibrateCommand
{
    /// <summary>Evaluations when the user gives no budget: enough for a few parameters to converge.</summary>
    public const int DefaultMaxEvaluations = 200;

    public static Command Create()
    {
        var platform = new Option<string>("--platform") { Description = "A shipped platform name or a profile YAML path: the starting point", Required = true };
        var measurements = new Option<string>("--measurements")
        {
            Description = "CSV of measured throughputs: mode,workers,folio_kib,gbps[,stddev][,total][,batch_pages] (see docs/calibrate.md)",
            Required = true,
        };
        var fit = new Option<string>("--fit") { Description = "Profile keys to fit, comma-separated, e.g. kernel.pte,cpu_copy.thread,engines.ptdma.path_cap", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the calibrated profile to PROFILE.yaml (the original text with the fitted values replaced)" };
        var maxEvaluations = new Option<int>("--max-evaluations")
        {
            Description = "At most this many model evaluations (each runs every cell), the starting point included",
            DefaultValueFactory = _ => DefaultMaxEvaluations,
        };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: processor count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("calibrate", "Fit profile values to measured move_pages throughputs and print model against measurement, before and after");
        foreach (var o in new Option[] { platform, measurements, fit, output, maxEvaluations, parallel }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var budget = parse.GetValue(maxEvaluations);
            if (budget < 1) throw new UsageException($"--max-evaluations: expected at least 1, got {budget}");
            var n = parse.GetValue(parallel);
            if (n < 1) throw new UsageException($"--parallel: expected at least 1, got {n}");
            var outPath = parse.GetValue(output);
            if (outPath is not null && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(outPath))))
                throw new UsageException($"--out: directory {Path.GetDirectoryName(Path.GetFullPath(outPath))} does not exist");

            var document = ProfileDocument.Load(parse.GetValue(platform)!);
            var parameters = document.Parameters(parse.GetValue(fit)!.Split(','));
            var file = MeasurementFile.Load(parse.GetValue(measurements)!);
            if (file.IgnoredColumns.Count > 0)
                Console.Error.WriteLine($"calibrate: ignoring columns {string.Join(", ", file.IgnoredColumns)} of {file.File}");
            var problem = new CalibrationProblem(document, parameters, file, n);

            var clock = Stopwatch.StartNew();
            Console.Error.WriteLine($"calibrate: {file.Cells.Count} cells, fitting {string.Join(", ", parameters.Select(p => p.Key))}, at most {budget} evaluations");
            var before = problem.Evaluate(problem.Start);
            Console.WriteLine($"Before fitting ({document.File} against {file.File}):");
            Console.WriteLine(CalibrationTable.Cells(file.Cells, before));
            Console.WriteLine();
            Console.WriteLine(CalibrationTable.Summary(file.Cells, before));
            Console.WriteLine();
            Console.Out.Flush();

            // Progress is for a person watching: on a terminal only, never into a log or a pipe.
            var result = Calibrator.Fit(problem, budget, Console.IsErrorRedirected ? null : p => Console.Error.WriteLine(Progress(p, parameters, clock.Elapsed)));
            var elapsed = clock.Elapsed;
            Console.WriteLine("After fitting:");
            Console.WriteLine(CalibrationTable.Cells(file.Cells, result.After));
            Console.WriteLine();
            Console.WriteLine(CalibrationTable.Summary(file.Cells, result.After));
            Console.WriteLine();
            Console.WriteLine(CalibrationTable.Parameters(parameters, result.Before, result.After));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Evaluations} evaluations of {file.Cells.Count} cells in {elapsed.TotalSeconds:F1} s; {(result.Converged ? "converged" : $"stopped at the budget of {budget} evaluations (not converged: raise --max-evaluations)")}; median |error| {CalibrationTable.MedianAbsError(file.Cells, result.Before) * 100:F1}% -> {CalibrationTable.MedianAbsError(file.Cells, result.After) * 100:F1}%"));
            if (outPath is not null)
            {
                var note = $"fitted by actormigration calibrate to {Path.GetFileName(file.File)}";
                var text = document.With(parameters, result.After.Values, note);
                document.Read(text); // never write a profile that would not load
                Output.WriteAtomically(outPath, text);
                Console.WriteLine($"Wrote {outPath}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Progress(FitProgress p, IReadOnlyList<ProfileParameter> parameters, TimeSpan elapsed)
    {
        var values = string.Join(" ", parameters.Select((q, i) => $"{q.Key}={q.Format(p.Latest.Values[i])}"));
        var loss = p.Latest.IsValid ? p.Latest.Loss.ToString("F3", CultureInfo.InvariantCulture) : "invalid";
        // The budget bounds what is left; a fit that converges earlier ends sooner.
        var left = TimeSpan.FromTicks(elapsed.Ticks / Math.Max(1, p.Evaluation) * (p.MaxEvaluations - p.Evaluation));
        return string.Create(CultureInfo.InvariantCulture,
            $"calibrate: evaluation {p.Evaluation}/{p.MaxEvaluations}  loss {loss}  best {p.Best.Loss:F3}  {values}  ({p.Latest.WallMs / 1000:F1} s, {elapsed.TotalSeconds:F0} s so far, at most {left.TotalSeconds:F0} s left)");
    }
}
