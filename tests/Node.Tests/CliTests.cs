using System.Text.Json.Nodes;

namespace ActorMigration.Node.Tests;

/// <summary>The command line end to end: output shapes, and bad input as one clear message with exit code 2.</summary>
public sealed class CliTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("am-cli-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in this test's own folder.</summary>
    private string TempFile(string name, string text)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Run_json_has_every_metric_of_the_contract()
    {
        var r = CliProcess.Run("run", "--platform", "zen3-ptdma", "--mode", "dcbm", "--workers", "4", "--folio-size", "2M", "--total", "64M", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var json = JsonNode.Parse(r.Stdout)!.AsObject();
        foreach (var key in new[] { "throughput_gbps", "first_folio_us", "inaccessible_us", "cpu_us", "copy_share", "succeeded", "failed", "fallbacks", "batches", "events", "sim_time_us", "wall_ms", "trace_hash" })
            Assert.True(json.ContainsKey(key), $"missing {key} in {r.Stdout}");
        foreach (var key in new[] { "median", "first", "max" }) Assert.NotNull(json["first_folio_us"]![key]);
        foreach (var key in new[] { "p50", "p99", "max" }) Assert.NotNull(json["inaccessible_us"]![key]);
        Assert.Equal(32, (int)json["succeeded"]!);
        Assert.True((double)json["throughput_gbps"]! > 1);
    }

    [Fact]
    public void Same_seed_same_trace_hash_across_processes()
    {
        string Hash(string seed) => (string)JsonNode.Parse(CliProcess.Run("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "64K",
            "--total", "16M", "--eagain", "0.2", "--seed", seed, "--format", "json").Stdout)!["trace_hash"]!;
        Assert.Equal(Hash("7"), Hash("7"));
        Assert.NotEqual(Hash("7"), Hash("8"));
    }

    [Theory]
    [InlineData("--mode", "turbo", "--mode: expected one of vanilla|batch|mtcopy|dcbm")]
    [InlineData("--folio-size", "3K", "--folio-size: expected a power of two")]
    [InlineData("--platform", "no-such-box", "no-such-box: is neither a file nor a shipped platform")]
    [InlineData("--folios", "99999999999", "option '--folios': expected a whole number from -2,147,483,648 to 2,147,483,647")]
    [InlineData("--seed", "abc", "option '--seed': expected a whole number from 0 to 18,446,744,073,709,551,615")]
    [InlineData("--eagain", "x", "option '--eagain': expected a number")]
    [InlineData("--workers", "4", "--workers: vanilla copies on the migrating task itself")]
    public void Bad_run_options_exit_2_with_a_message_naming_the_option(string option, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--platform"] = "zen3-ptdma", ["--mode"] = "vanilla", ["--folio-size"] = "4K", ["--total"] = "4M" };
        args[option] = value;
        var r = CliProcess.Run(["run", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
        Assert.DoesNotContain("System.", r.Stderr);
    }

    [Fact]
    public void A_sweep_that_would_not_fit_in_memory_is_refused_before_it_starts()
    {
        var file = TempFile("huge.yaml", "name: huge\nplatform: zen3-ptdma\ntotal: 32G\nruns:\n  - mode: vanilla\n    workers: [0]\n    folio_sizes: [4K, 2M]\n");
        // A 1 GiB heap limit stands for a small machine: 8 Mi folios of 4K fit alone (~0.5 GiB), not two at once.
        var r = CliProcess.Run(WithHeapLimit("sweep", file, "--parallel", "2"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{file}: 8,388,608 folios of 4K need about 0.9 GiB of memory (2 runs at once), more than the 0.8 GiB this process may use (80% of 1.0 GiB)", r.Stderr);
        Assert.Contains("or lower --parallel", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void A_run_that_would_not_fit_in_memory_is_refused_naming_the_figure_and_the_limit()
    {
        var r = CliProcess.Run(WithHeapLimit("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "4K", "--total", "64G"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--total: 16,777,216 folios of 4K need about 0.9 GiB of memory, more than the 0.8 GiB this process may use (80% of 1.0 GiB)", r.Stderr);
        var byCount = CliProcess.Run(WithHeapLimit("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "4K", "--folios", "16777216"));
        Assert.Contains("--folios: 16,777,216 folios", byCount.Stderr);
    }

    private static System.Diagnostics.ProcessStartInfo WithHeapLimit(params string[] args)
    {
        var start = CliProcess.StartInfo(args);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
        return start;
    }

    [Fact]
    public void A_sweep_draws_its_plot_as_png_or_svg_with_the_measurements_beside_it()
    {
        var scenario = Path.Combine(_dir.FullName, "small.yaml");
        File.WriteAllText(scenario, "name: small\nplatform: zen3-ptdma\ntotal: 64M\nruns:\n  - mode: vanilla\n    workers: [0]\n    folio_sizes: [64K, 2M]\n"
            + "  - mode: dcbm\n    workers: [4]\n    batch_pages: 262144\n    folio_sizes: [64K, 2M]\n");
        var png = Path.Combine(_dir.FullName, "small.png");
        var r = CliProcess.Run("sweep", scenario, "--plot", png, "--measurements", "config/measurements/zen3-ptdma-v3-throughput.csv");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("dcbm", r.Stdout); // the table still goes to stdout
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);

        var svg = Path.Combine(_dir.FullName, "small.svg");
        Assert.Equal(0, CliProcess.Run("sweep", scenario, "--plot", svg).ExitCode);
        var text = File.ReadAllText(svg);
        Assert.Contains("<svg", text);
        foreach (var label in new[] { "vanilla", "dcbm, 4 channels", "64K", "2M", "throughput (GB/s)" }) Assert.Contains(label, text);

        var nowhere = CliProcess.Run("sweep", scenario, "--plot", Path.Combine(_dir.FullName, "missing", "small.png"));
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("--plot: directory", nowhere.Stderr);
        Assert.Equal("", nowhere.Stdout); // refused before running
        var pdf = CliProcess.Run("sweep", scenario, "--plot", Path.Combine(_dir.FullName, "small.pdf"));
        Assert.Equal(2, pdf.ExitCode);
        Assert.Contains("--plot: expected a file ending in .png or .svg", pdf.Stderr);
        Assert.Equal("", pdf.Stdout);
        var alone = CliProcess.Run("sweep", scenario, "--measurements", "config/measurements/zen3-ptdma-v3-throughput.csv");
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("give --plot FILE.png or FILE.svg too", alone.Stderr);
    }

    [Fact]
    public void Run_draws_the_calls_timeline_with_a_row_per_channel_and_journals_it_too()
    {
        string[] dcbm = ["run", "--platform", "zen3-ptdma", "--mode", "dcbm", "--workers", "4", "--folio-size", "64K", "--total", "16M", "--batch-pages", "1024"];
        var svg = Path.Combine(_dir.FullName, "call.svg");
        var journal = Path.Combine(_dir.FullName, "runs.db");
        var r = CliProcess.Run([.. dcbm, "--plot", svg, "--journal", journal, "--journal-detail", "folio", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("trace_hash", r.Stdout);
        var text = File.ReadAllText(svg);
        foreach (var label in new[] { "cpu0", "ptdma-ch0", "ptdma-ch3", "unmap", "flush", "copy", "remap", "virtual time (µs)" }) Assert.Contains(label, text);
        Assert.Equal(0, CliProcess.Run("verify", journal).ExitCode);

        var png = Path.Combine(_dir.FullName, "call.png");
        Assert.Equal(0, CliProcess.Run([.. dcbm, "--plot", png]).ExitCode);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);

        var batchDetail = CliProcess.Run([.. dcbm, "--plot", png, "--journal", journal, "--journal-detail", "batch"]);
        Assert.Equal(2, batchDetail.ExitCode);
        Assert.Contains("--plot: draws every folio's spans", batchDetail.Stderr);
    }

    [Fact]
    public void System_shows_the_tiers_and_demotion_targets_of_a_shipped_system_and_names_a_bad_file()
    {
        var r = CliProcess.Run("system", "zen3-2s-cxl4");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var node0 = r.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("0  dram", StringComparison.Ordinal));
        Assert.EndsWith("576     4  yes  2, 3", node0.TrimEnd());
        var bad = TempFile("system.yaml", "name: x\nremote_socket_latency: 50ns\nhosts: [{ name: a, sockets: 1, cores_per_socket: 4 }]\nmemory_nodes:\n  - { id: 0, kind: hbm }\n");
        var e = CliProcess.Run("system", bad);
        Assert.Equal(2, e.ExitCode);
        Assert.Contains($"{bad}: memory_nodes[0].kind: expected one of dram, cxl_expander, cxl_pool", e.Stderr);
    }

    [Fact]
    public void A_misspelt_key_is_named_beside_the_one_it_hides()
    {
        var file = TempFile("misspelt.yaml", "name: x\nplatform: zen3-ptdma\ntotal: 1G\nruns:\n  - mode: vanilla\n    workerz: [0]\n    folio_sizes: [4K]\n");
        var r = CliProcess.Run("sweep", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{file}: runs[0].workers: is required but missing (found 'workerz': misspelt?)", r.Stderr);
    }

    [Fact]
    public void A_directory_is_bad_input_where_a_file_is_expected()
    {
        var sweep = CliProcess.Run("sweep", Path.GetTempPath());
        Assert.Equal(2, sweep.ExitCode);
        Assert.Contains("is a directory, not a YAML file", sweep.Stderr);
        var output = CliProcess.Run("sweep", "rfc-v3-throughput", "--out", Path.GetTempPath());
        Assert.Equal(2, output.ExitCode);
        Assert.Contains("is a directory; name a file in it", output.Stderr);
    }

    [Fact]
    public void Shipped_scenarios_are_found_from_any_directory()
    {
        var sweep = CliProcess.RunIn(_dir.FullName, "sweep", "rfc-v3-throughput", "--format", "csv");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        Assert.Equal(105, sweep.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", sweep.Stderr); // progress is for a terminal only
        var bench = CliProcess.RunIn(_dir.FullName, "bench", "migration", "--help");
        Assert.Contains("rfc-v3-throughput", bench.Stdout);
        var missing = CliProcess.RunIn(_dir.FullName, "sweep", "no-such-sweep");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such-sweep: is neither a file nor a shipped scenario (shipped: gpu-oversubscribed, gpu-prefetch-then-compute, memory-hotplug-offline, pond-16-tiering, rfc-v3-throughput, spm-reserved, tiering-demotion-pressure, tiering-hot-set-moves, tiering-pmbench-rate-limit, tiering-rate-limit)", missing.Stderr);
    }

    [Fact]
    public void A_bad_scenario_file_names_the_file_and_key_and_writes_nothing()
    {
        var scenario = Path.Combine(_dir.FullName, "bad.yaml");
        File.WriteAllText(scenario, "name: bad\nplatform: zen3-ptdma\ntotal: 1G\nruns:\n  - mode: dcbm\n    workers: [1, -3]\n    folio_sizes: [4K]\n");
        var output = Path.Combine(_dir.FullName, "out.csv");
        var r = CliProcess.Run("sweep", scenario, "--format", "csv", "--out", output);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{scenario}: runs[0].workers[1]: expected a whole number from 0 to 1024, found '-3'", r.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Sweep_csv_starts_with_the_measurement_key_columns()
    {
        var scenario = Path.Combine(_dir.FullName, "small.yaml");
        File.WriteAllText(scenario, "name: small\nplatform: zen3-ptdma\ntotal: 32M\nruns:\n  - mode: mtcopy\n    workers: [1, 2]\n    batch_pages: 262144\n    folio_sizes: [64K, 2M]\n");
        var output = Path.Combine(_dir.FullName, "out.csv");
        var r = CliProcess.Run("sweep", scenario, "--format", "csv", "--out", output, "--parallel", "2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = File.ReadAllLines(output);
        Assert.StartsWith("mode,workers,folio_kib,gbps,throughput_gbps,", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("mtcopy,1,64,", lines[1]);
        Assert.StartsWith("mtcopy,2,2048,", lines[4]);
    }

    [Fact]
    public void A_profile_without_nodes_0_and_1_is_bad_input_not_a_crash()
    {
        var profile = Path.Combine(_dir.FullName, "far.yaml");
        var text = ActorMigration.Contracts.Platform.PlatformProfileReader.ReadShipped("zen3-ptdma")!
            .Replace("{ id: 0, socket: 0", "{ id: 2, socket: 0").Replace("{ id: 1, socket: 1", "{ id: 3, socket: 1").Replace("node: 1 ", "node: 3 ");
        File.WriteAllText(profile, text);
        var r = CliProcess.Run("run", "--platform", profile, "--mode", "vanilla", "--folio-size", "2M", "--total", "64M");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no memory node 0", r.Stderr);
    }

    [Theory]
    [InlineData("sweep")]
    [InlineData("run")]
    [InlineData("calibrate")]
    public void A_yaml_syntax_error_is_bad_input_naming_the_line_in_every_command(string command)
    {
        var file = TempFile("bad.yaml", "a: [1\nb: 2\n");
        var r = command switch
        {
            "sweep" => CliProcess.Run("sweep", file),
            "run" => CliProcess.Run("run", "--platform", file, "--mode", "vanilla", "--folio-size", "2M", "--total", "64M"),
            _ => CliProcess.Run("calibrate", "--platform", file, "--measurements", "config/measurements/zen3-ptdma-v3-throughput.csv", "--fit", "kernel.pte", "--out", file + ".out"),
        };
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{file}: is not valid YAML at line 2: the '[' at line 1, column 4 is never closed", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void Reading_tools_never_create_a_journal()
    {
        var path = Path.Combine(Path.GetTempPath(), $"am-missing-{Guid.NewGuid():N}.db");
        var r = CliProcess.Run("runs", "sqlite:" + path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no such journal", r.Stderr);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_bad_shared_key_of_a_sweep_is_reported_where_the_file_has_it()
    {
        var scenario = Path.Combine(_dir.FullName, "bad-total.yaml");
        File.WriteAllText(scenario, "name: bad\nplatform: zen3-ptdma\ntotal: 3K\nruns:\n  - mode: vanilla\n    workers: [0]\n    folio_sizes: [4K, 16K]\n");
        var r = CliProcess.Run("sweep", scenario);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"{scenario}: total: expected a size that is a whole number of 4K folios", r.Stderr);
        Assert.Contains("(line 3)", r.Stderr);
    }

    [Fact]
    public void Asking_for_a_run_the_journal_does_not_hold_names_the_runs_it_does()
    {
        var journal = "sqlite:" + Path.Combine(_dir.FullName, "j.db");
        var run = CliProcess.Run("run", "--platform", "zen3-ptdma", "--mode", "vanilla", "--folio-size", "2M", "--total", "16M", "--journal", journal);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var r = CliProcess.Run("replay", journal, "--run", "7");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no run 'run-000007' (runs: run-000001)", r.Stderr);
    }
}
