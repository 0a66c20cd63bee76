using System.Globalization;
using System.Text.Json.Nodes;

namespace ActorMigration.Node.Tests;

/// <summary>The batch-size advisor as a user runs it: it runs the model over the grid and picks within the bound.</summary>
public sealed class AdviseTests
{
    private static readonly string[] Dcbm64K = ["advise", "--platform", "zen3-ptdma", "--mode", "dcbm", "--folio-size", "64K", "--total", "64M"];

    [Fact]
    public void The_best_run_is_the_fastest_within_the_bound_and_is_what_run_itself_measures()
    {
        var r = CliProcess.Run([.. Dcbm64K, "--max-first-folio-us", "150", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonNode.Parse(r.Stdout)!.AsObject();
        var points = json["points"]!.AsArray().Select(p => p!.AsObject()).ToArray();
        // 1, 2, 4, 8, 16 channels x batches of 16 (one 64K folio) to 16,384 pages (the whole 64M call): 5 x 11 runs.
        Assert.Equal(55, (int)json["runs"]!);
        Assert.Equal(55, points.Length);
        Assert.All(points, p => Assert.Equal((double)p["first_folio_us_median"]! <= 150, (bool)p["within"]!));
        Assert.Contains(points, p => !(bool)p["within"]!);
        var best = json["best"]!.AsObject();
        Assert.Equal(points.Where(p => (bool)p["within"]!).Max(p => (double)p["throughput_gbps"]!), (double)best["throughput_gbps"]!);

        var run = CliProcess.Run("run", "--platform", "zen3-ptdma", "--mode", "dcbm", "--folio-size", "64K", "--total", "64M", "--format", "json",
            "--workers", ((int)best["workers"]!).ToString(CultureInfo.InvariantCulture), "--batch-pages", ((int)best["batch_pages"]!).ToString(CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal((double)best["throughput_gbps"]!, (double)JsonNode.Parse(run.Stdout)!["throughput_gbps"]!);
    }

    [Fact]
    public void The_table_says_the_best_and_how_many_runs_it_took_and_the_plot_is_drawn()
    {
        var png = Path.Combine(Path.GetTempPath(), $"am-advise-{Guid.NewGuid():N}.png");
        try
        {
            var r = CliProcess.Run([.. Dcbm64K, "--workers", "4", "--max-inaccessible-us", "400", "--plot", png]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Contains("p99 inaccessible time ≤ 400 µs", r.Stdout);
            Assert.Matches(@"best: 4 workers, NR_MAX_BATCHED_MIGRATION=\d+: .* \(11 runs of the model\)", r.Stdout);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void A_bound_nothing_meets_says_so()
    {
        var r = CliProcess.Run([.. Dcbm64K, "--workers", "1", "--max-first-folio-us", "0.001"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("none: even one folio per batch breaks the bound (11 runs of the model)", r.Stdout);
    }

    [Theory]
    [InlineData("--max-first-folio-us 100 --max-inaccessible-us 100", "give exactly one bound")]
    [InlineData("", "give exactly one bound")]
    [InlineData("--max-first-folio-us -5", "--max-first-folio-us: expected a positive number of µs")]
    [InlineData("--max-first-folio-us 100 --plot x.pdf", "--plot: expected a file ending in .png or .svg")]
    public void Bad_bounds_are_bad_input(string extra, string message)
    {
        var r = CliProcess.Run([.. Dcbm64K, .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr);
    }

    [Fact]
    public void Workers_are_refused_for_a_mode_without_them()
    {
        var r = CliProcess.Run("advise", "--platform", "zen3-ptdma", "--mode", "vanilla", "--workers", "4", "--folio-size", "4K", "--max-first-folio-us", "100");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--workers: vanilla copies on the migrating task itself", r.Stderr);
    }
}
