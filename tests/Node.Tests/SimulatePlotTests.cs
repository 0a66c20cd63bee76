using System.Xml.Linq;

namespace ActorMigration.Node.Tests;

/// <summary><c>simulate --plot DIR</c> as a process: every picture as PNG and SVG, and a missing folder refused before the run.</summary>
public sealed class SimulatePlotTests : IDisposable
{
    private static readonly string[] Pictures = ["occupancy", "migration", "faults", "workloads", "callers", "engines"];

    private readonly string _dir = Directory.CreateTempSubdirectory("simulate-plot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A short hot-set run with DMA copies: the store starts on CXL, so both promotion and demotion happen within it.</summary>
    private string Scenario()
    {
        var file = Path.Combine(_dir, "plotted.yaml");
        File.WriteAllText(file, """
            name: plotted
            system: zen3-2s-cxl4
            duration: 500ms
            sample: 100ms
            copy: { mode: dcbm, workers: 4, reasons: [numa, demotion] }
            numa_balancing: {}
            demotion: {}
            workloads:
              - { name: filler, host: h0, working_set: 261800M, regions: 128, accesses_per_second: 1e6 }
              - { name: store, host: h0, working_set: 1G, regions: 128, accesses_per_second: 1e8, zipf: 0.99 }
            """);
        return file;
    }

    [Fact]
    public void Simulate_draws_every_picture_as_png_and_svg()
    {
        var plots = Directory.CreateDirectory(Path.Combine(_dir, "plots")).FullName;
        var r = CliProcess.Run("simulate", Scenario(), "--plot", plots);
        Assert.True(r.ExitCode == 0, r.Stderr);
        // Exactly the pictures: no temporary file of an atomic write left behind.
        Assert.Equal(Pictures.SelectMany(p => new[] { p + ".png", p + ".svg" }).Order(), Directory.GetFiles(plots).Select(Path.GetFileName).Order());
        foreach (var picture in Pictures)
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, File.ReadAllBytes(Path.Combine(plots, picture + ".png"))[..8]);
            var svg = XDocument.Load(Path.Combine(plots, picture + ".svg"));
            Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);
            Assert.Contains(svg.Root.Elements(XName.Get("text", "http://www.w3.org/2000/svg")), e => e.Value.Trim().StartsWith("plotted on zen3-2s-cxl4: ", StringComparison.Ordinal)); // the title
        }
        // The lines are the nodes that acted: node 0 is both the promotion target and the node kswapd demotes from.
        var migration = File.ReadAllText(Path.Combine(plots, "migration.svg"));
        Assert.Contains("promoted to node 0 (pgpromote_success)", migration);
        Assert.Contains("demoted from node 0 (pgdemote_kswapd)", migration);
        Assert.Contains("store slowdown", File.ReadAllText(Path.Combine(plots, "workloads.svg")));
        Assert.Contains("h0, 16 DMA channels", File.ReadAllText(Path.Combine(plots, "engines.svg")));
        Assert.Contains("kswapd migrated", File.ReadAllText(Path.Combine(plots, "callers.svg")));
    }

    [Fact]
    public void A_missing_plot_folder_is_refused_before_the_run_and_nothing_is_written()
    {
        var csv = Directory.CreateDirectory(Path.Combine(_dir, "csv")).FullName;
        var missing = Path.Combine(_dir, "no-such-folder");
        var r = CliProcess.Run("simulate", Scenario(), "--out", csv, "--plot", missing);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--plot: no folder {missing}", r.Stderr);
        Assert.Empty(r.Stdout); // checked before the run: no report printed,
        Assert.Empty(Directory.GetFileSystemEntries(csv)); // nor --out's time series written
        Assert.False(Directory.Exists(missing));
    }
}
