using ActorMigration.Contracts.Platform;

namespace ActorMigration.Node.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The <c>calibrate</c> command end to end through <see cref="Program.Main"/>: exit codes, output, the written profile.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CalibrateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("calibrate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            return (Program.Main(args), o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    private string Csv(string text)
    {
        var path = Path.Combine(_dir, "box.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Fits_prints_before_and_after_and_writes_a_profile_that_loads()
    {
        var csv = Csv("mode,workers,folio_kib,gbps,stddev,total\nvanilla,0,4,3.3,0.1,8M\nvanilla,0,2048,10.2,0.3,8M\n");
        var outPath = Path.Combine(_dir, "fitted.yaml");
        var (exit, stdout, stderr) = Run("calibrate", "--platform", "zen3-ptdma", "--measurements", csv, "--fit", "kernel.pte", "--max-evaluations", "12", "--out", outPath);
        Assert.True(exit == 0, stderr);
        Assert.Contains("Before fitting (config/platforms/zen3-ptdma.yaml against", stdout, StringComparison.Ordinal);
        Assert.Contains("After fitting:", stdout, StringComparison.Ordinal);
        Assert.Contains("mode     workers  folio KiB  total  measured GB/s  stddev  model GB/s", stdout, StringComparison.Ordinal);
        Assert.Contains("median |error|", stdout, StringComparison.Ordinal);
        Assert.Matches(@"kernel\.pte\s+226ns\s+\d+(\.\d+)?ns\s+[+-]\d+\.\d%", stdout);
        // Progress lines are for a terminal; the test host's standard error is not one.
        Assert.DoesNotContain("calibrate: evaluation", stderr, StringComparison.Ordinal);
        Assert.Contains("calibrate: 2 cells, fitting kernel.pte", stderr, StringComparison.Ordinal);
        Assert.Contains($"Wrote {outPath}", stdout, StringComparison.Ordinal);
        var profile = PlatformProfileReader.Load(outPath);
        Assert.NotEqual(PlatformProfileReader.Load("zen3-ptdma").Kernel.Pte, profile.Kernel.Pte);
        Assert.Contains("(fitted by actormigration calibrate to box.csv)", File.ReadAllText(outPath), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kernel.ptee", "actormigration: --fit: kernel.ptee is not a key of config/platforms/zen3-ptdma.yaml (did you mean kernel.pte?). Numeric keys of")]
    [InlineData("dcbm.iommu", "actormigration: --fit: dcbm.iommu is not a number ('translated'). Numeric keys of")]
    public void A_bad_parameter_exits_2_naming_it(string key, string message)
    {
        var (exit, stdout, stderr) = Run("calibrate", "--platform", "zen3-ptdma", "--measurements", Csv("mode,workers,folio_kib,gbps\nvanilla,0,4,3.7\n"), "--fit", key);
        Assert.Equal(2, exit);
        Assert.StartsWith(message, stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public void A_bad_measurement_row_exits_2_naming_file_line_and_column()
    {
        var csv = Csv("mode,workers,folio_kib,gbps\nvanilla,0,4,3.7\nmtcopy,4,16,n/a\n");
        var (exit, _, stderr) = Run("calibrate", "--platform", "zen3-ptdma", "--measurements", csv, "--fit", "kernel.pte");
        Assert.Equal(2, exit);
        Assert.Equal($"actormigration: {csv}: line 3, column gbps: expected a positive throughput in GB/s, such as 3.73, found 'n/a'", stderr.Trim());
    }

    [Theory]
    [InlineData("--max-evaluations", "0", "actormigration: --max-evaluations: expected at least 1, got 0")]
    [InlineData("--parallel", "0", "actormigration: --parallel: expected at least 1, got 0")]
    [InlineData("--out", "/nonexistent/dir/p.yaml", "actormigration: --out: directory /nonexistent/dir does not exist")]
    public void Bad_options_exit_2(string option, string value, string message)
    {
        var (exit, _, stderr) = Run("calibrate", "--platform", "zen3-ptdma", "--measurements", Csv("mode,workers,folio_kib,gbps\nvanilla,0,4,3.7\n"), "--fit", "kernel.pte", option, value);
        Assert.Equal(2, exit);
        Assert.Equal(message, stderr.Trim());
    }

    [Fact]
    public void An_unknown_platform_exits_2()
    {
        var (exit, _, stderr) = Run("calibrate", "--platform", "nope", "--measurements", Csv("mode,workers,folio_kib,gbps\nvanilla,0,4,3.7\n"), "--fit", "kernel.pte");
        Assert.Equal(2, exit);
        Assert.StartsWith("actormigration: nope: is neither a file nor a shipped platform", stderr, StringComparison.Ordinal);
    }
}
