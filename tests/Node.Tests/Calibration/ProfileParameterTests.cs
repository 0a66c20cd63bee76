using ActorMigration.Contracts.Platform;
using ActorMigration.Node.Calibration;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Tests.Calibration;

public sealed class ProfileParameterTests
{
    private static readonly ProfileDocument Shipped = ProfileDocument.Load("zen3-ptdma");

    [Theory]
    [InlineData("kernel.pte", ParameterKind.Time, 226, "ns")]
    [InlineData("kernel.move_pages_fixed", ParameterKind.Time, 90, "us")]
    [InlineData("cpu_copy.thread", ParameterKind.Bandwidth, 11.34, "GB/s")]
    [InlineData("cpu_copy.pair_cap", ParameterKind.Bandwidth, 18.8, "GB/s")]
    [InlineData("engines.ptdma.path_cap", ParameterKind.Bandwidth, 15.4, "GB/s")]
    [InlineData("engines.ptdma.descriptor_overhead", ParameterKind.Time, 1.45, "us")]
    [InlineData("dcbm.sg_entry", ParameterKind.Time, 25, "ns")]
    [InlineData("kernel.unmap_share", ParameterKind.Number, 0.55, "")]
    [InlineData("cpu.frequency_ghz", ParameterKind.Number, 3.37, "")]
    public void Key_paths_name_numeric_values_with_their_units(string key, ParameterKind kind, double value, string unit)
    {
        var p = Assert.Single(Shipped.Parameters([key]));
        Assert.Equal(key, p.Key);
        Assert.Equal(kind, p.Kind);
        Assert.Equal(value, p.Value, 12);
        Assert.Equal(unit, p.Unit);
        Assert.Equal(p.Scalar.Text, Shipped.Text[p.Scalar.Start..p.Scalar.End]);
    }

    [Fact]
    public void Keys_are_trimmed_and_kept_in_the_order_given()
    {
        var ps = Shipped.Parameters([" cpu_copy.thread", "kernel.pte "]);
        Assert.Equal(["cpu_copy.thread", "kernel.pte"], ps.Select(p => p.Key));
    }

    [Fact]
    public void Numeric_keys_are_the_times_rates_and_decimals_of_the_profile()
    {
        var keys = Shipped.NumericKeys;
        Assert.Contains("kernel.pte", keys);
        Assert.Contains("engines.ptdma.iotlb_miss", keys);
        Assert.Contains("cpu.frequency_ghz", keys);
        Assert.DoesNotContain("engines.ptdma.channels", keys);
        Assert.DoesNotContain("memory_nodes.1.capacity", keys);
        Assert.DoesNotContain("dcbm.iommu", keys);
        Assert.DoesNotContain("name", keys);
    }

    [Fact]
    public void An_unknown_key_is_named_with_a_suggestion_and_the_numeric_keys()
    {
        var e = Assert.Throws<UsageException>(() => Shipped.Parameters(["kernel.ptee"]));
        Assert.StartsWith("--fit: kernel.ptee is not a key of config/platforms/zen3-ptdma.yaml (did you mean kernel.pte?).", e.Message);
        Assert.Contains("Numeric keys of config/platforms/zen3-ptdma.yaml: cpu.frequency_ghz, links.0.bandwidth, kernel.move_pages_fixed,", e.Message);
        Assert.Contains("engines.ptdma.path_cap", e.Message);
    }

    [Fact]
    public void An_engine_is_addressed_by_its_name_not_its_index()
    {
        var e = Assert.Throws<UsageException>(() => Shipped.Parameters(["engines.0.path_cap"]));
        Assert.Contains("engines.0.path_cap is not a key", e.Message);
        Assert.Contains("did you mean engines.ptdma.path_cap?", e.Message);
    }

    [Theory]
    [InlineData("dcbm.iommu", "--fit: dcbm.iommu is not a number ('translated').")]
    [InlineData("engines.ptdma.kind", "--fit: engines.ptdma.kind is not a number ('ptdma').")]
    [InlineData("engines.ptdma.channels", "--fit: engines.ptdma.channels is a whole number ('16'): counts are structure")]
    [InlineData("memory_nodes.1.capacity", "--fit: memory_nodes.1.capacity is a size ('128G')")]
    [InlineData("kernel", "--fit: kernel is a section of the profile, not a value.")]
    [InlineData("engines.ptdma", "--fit: engines.ptdma is a section of the profile, not a value.")]
    public void A_value_that_is_not_a_positive_continuous_number_is_refused_with_the_numeric_keys(string key, string start)
    {
        var e = Assert.Throws<UsageException>(() => Shipped.Parameters([key]));
        Assert.StartsWith(start, e.Message);
        Assert.Contains("Numeric keys of config/platforms/zen3-ptdma.yaml:", e.Message);
    }

    [Fact]
    public void A_zero_value_cannot_start_a_fit_in_log_space()
    {
        var doc = ProfileDocument.Parse("zero.yaml", Shipped.Text.Replace("batch: 0.5us", "batch: 0us", StringComparison.Ordinal));
        var e = Assert.Throws<UsageException>(() => doc.Parameters(["kernel.batch"]));
        Assert.Contains("kernel.batch is '0us': the fitter works on the logarithm of the value, so it needs a positive starting value", e.Message);
    }

    [Fact]
    public void Repeated_and_empty_keys_are_refused()
    {
        Assert.Equal("--fit: kernel.pte is named twice", Assert.Throws<UsageException>(() => Shipped.Parameters(["kernel.pte", "kernel.pte"])).Message);
        Assert.StartsWith("--fit: expected one or more key paths", Assert.Throws<UsageException>(() => Shipped.Parameters(["kernel.pte", ""])).Message);
    }

    [Theory]
    [InlineData(226.0, "226ns")]
    [InlineData(231.684321, "231.68ns")]
    [InlineData(0.000123456789, "0.00012346ns")]
    [InlineData(123456.7, "123457ns")]
    public void Values_are_written_in_the_parameters_unit_to_five_significant_digits(double value, string text)
    {
        var pte = Shipped.Parameters(["kernel.pte"])[0];
        Assert.Equal(text, pte.Format(value));
        Assert.Equal(double.Parse(text[..^2], System.Globalization.CultureInfo.InvariantCulture), pte.Quantize(value));
    }

    [Fact]
    public void Splicing_replaces_only_the_values_and_keeps_comments_in_their_column()
    {
        var ps = Shipped.Parameters(["kernel.pte", "cpu_copy.thread", "engines.ptdma.path_cap"]);
        var text = Shipped.With(ps, [231.684321, 9.5, 16.25], "fitted by actormigration calibrate to box.csv");
        var before = Shipped.Text.Split('\n');
        var after = text.Split('\n');
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal(3, changed.Length);
        Assert.Equal("  pte: 231.68ns                 # fit: install one migration entry and restore it (cross-socket struct page / PTE lines) (fitted by actormigration calibrate to box.csv)",
            after[changed[0]]);
        Assert.Equal("  thread: 9.5GB/s               # fit: one thread's cross-socket copy (brief: 10-11 GB/s) (fitted by actormigration calibrate to box.csv)",
            after[changed[1]]);
        Assert.StartsWith("    path_cap: 16.25GB/s         # fit: two channels of one pair together", after[changed[2]]);
        foreach (var i in changed) Assert.Equal(before[i].IndexOf('#', StringComparison.Ordinal), after[i].IndexOf('#', StringComparison.Ordinal));

        var profile = PlatformProfileReader.Read(Contracts.Config.ConfigNode.Parse("fitted.yaml", text));
        Assert.Equal(231_680, profile.Kernel.Pte.Picoseconds);
        Assert.Equal(9.5e9, profile.CpuCopy.Thread.BytesPerSecond, 3);
        Assert.Equal(16.25e9, profile.Engines[0].PathCap.BytesPerSecond, 3);
        var shipped = Shipped.Profile;
        Assert.Equal(shipped.Kernel with { Pte = profile.Kernel.Pte }, profile.Kernel);
        Assert.Equal(shipped.CpuCopy with { Thread = profile.CpuCopy.Thread }, profile.CpuCopy);
        Assert.Equal(shipped.Engines[0] with { PathCap = profile.Engines[0].PathCap }, profile.Engines[0]);
        Assert.Equal((shipped.Cpu, shipped.MtCopy, shipped.Dcbm), (profile.Cpu, profile.MtCopy, profile.Dcbm));
        Assert.Equal(shipped.Nodes, profile.Nodes);
    }

    [Fact]
    public void Calibrating_a_calibrated_profile_replaces_the_note_instead_of_stacking_notes()
    {
        var ps = Shipped.Parameters(["kernel.pte"]);
        var once = ProfileDocument.Parse("once.yaml", Shipped.With(ps, [230], "fitted by actormigration calibrate to a.csv"));
        var twice = once.With(once.Parameters(["kernel.pte"]), [240], "fitted by actormigration calibrate to b.csv");
        var line = twice.Split('\n').Single(l => l.StartsWith("  pte:", StringComparison.Ordinal));
        Assert.Equal("  pte: 240ns                    # fit: install one migration entry and restore it (cross-socket struct page / PTE lines) (fitted by actormigration calibrate to b.csv)", line);
    }

    [Fact]
    public void A_value_without_a_comment_gets_one_and_a_flow_mapping_value_is_replaced_in_place()
    {
        var text = Shipped.Text
            .Replace("{ id: 1, socket: 1, capacity: 128G, tier: dram }", "{ id: 1, socket: 1, capacity: 128G, tier: dram, controller: 80GB/s }", StringComparison.Ordinal)
            .Replace("  batch: 0.5us                  # assumed: per migrate_pages_batch() (passes, list handling)", "  batch: 0.5us", StringComparison.Ordinal);
        var doc = ProfileDocument.Parse("flow.yaml", text);
        var ps = doc.Parameters(["memory_nodes.1.controller", "kernel.batch"]);
        var fitted = doc.With(ps, [72.5, 0.61], "fitted by actormigration calibrate to c.csv");
        Assert.Contains("  - { id: 1, socket: 1, capacity: 128G, tier: dram, controller: 72.5GB/s }  # fitted by actormigration calibrate to c.csv\n", fitted, StringComparison.Ordinal);
        Assert.Contains("  batch: 0.61us  # fitted by actormigration calibrate to c.csv\n", fitted, StringComparison.Ordinal);
        var profile = doc.Read(fitted);
        Assert.Equal(72.5e9, profile.Nodes[1].Controller!.Value.BytesPerSecond, 3);
        Assert.Equal(610_000, profile.Kernel.Batch.Picoseconds);
    }
}
