using ActorMigration.Contracts.Units;
using ActorMigration.Node.Calibration;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Tests.Calibration;

public sealed class MeasurementFileTests
{
    private static string Shipped => Path.Combine(AppContext.BaseDirectory, "zen3-ptdma-v3-throughput.csv");

    private static string Error(string text) => Assert.Throws<UsageException>(() => MeasurementFile.Parse("box.csv", text)).Message;

    [Fact]
    public void The_shipped_measurements_read_with_the_benchmarks_defaults()
    {
        var file = MeasurementFile.Load(Shipped);
        Assert.Equal(104, file.Cells.Count);
        Assert.Empty(file.IgnoredColumns);
        Assert.Equal(new MeasuredCell(2, "vanilla", 0, 4, 3.73, 0.33, ByteSize.FromGiB(1), 512), file.Cells[0]);
        Assert.Equal(new MeasuredCell(105, "dcbm", 16, 2048, 63.69, 5.01, ByteSize.FromGiB(1), 262_144), file.Cells[^1]);
        Assert.Equal(["vanilla", "mtcopy", "dcbm"], file.Cells.Select(c => c.Mode).Distinct());
    }

    [Fact]
    public void Optional_columns_in_any_order_empty_fields_default_and_other_columns_are_ignored()
    {
        var file = MeasurementFile.Parse("box.csv", """
            # my box, kernel 6.18
            gbps,folio_kib,note,workers,mode,total,batch_pages,stddev

            4.5,4,first,0,vanilla,64M,,0.1
            12.25,2048,,4,mtcopy,,1024,
            """);
        Assert.Equal(["note"], file.IgnoredColumns);
        Assert.Equal(new MeasuredCell(4, "vanilla", 0, 4, 4.5, 0.1, ByteSize.FromMiB(64), 512), file.Cells[0]);
        Assert.Equal(new MeasuredCell(5, "mtcopy", 4, 2048, 12.25, 0, ByteSize.FromGiB(1), 1024), file.Cells[1]);
    }

    [Fact]
    public void Crlf_line_ends_are_accepted()
    {
        var file = MeasurementFile.Parse("box.csv", "mode,workers,folio_kib,gbps\r\ndcbm,2,16,4.57\r\n");
        Assert.Equal(new MeasuredCell(2, "dcbm", 2, 16, 4.57, 0, ByteSize.FromGiB(1), 262_144), Assert.Single(file.Cells));
    }

    [Theory]
    [InlineData("vanilla,0,4,fast", "box.csv: line 2, column gbps: expected a positive throughput in GB/s, such as 3.73, found 'fast'")]
    [InlineData("vanilla,0,4,0", "box.csv: line 2, column gbps: expected a positive throughput in GB/s, such as 3.73, found '0'")]
    [InlineData("vanilla,0,4,-3", "box.csv: line 2, column gbps: expected a positive throughput in GB/s, such as 3.73, found '-3'")]
    [InlineData("vanila,0,4,3.7", "box.csv: line 2, column mode: expected one of vanilla|batch|mtcopy|dcbm, found 'vanila'")]
    [InlineData("vanilla,2,4,3.7", "box.csv: line 2, column workers: expected 0 for vanilla (it has no copy threads or channels), found '2'")]
    [InlineData("mtcopy,0,4,3.7", "box.csv: line 2, column workers: expected threads (mtcopy) or channels (dcbm) from 1 to 1024, found '0'")]
    [InlineData("dcbm,two,4,3.7", "box.csv: line 2, column workers: expected threads (mtcopy) or channels (dcbm) from 1 to 1024, found 'two'")]
    [InlineData("vanilla,0,12,3.7", "box.csv: line 2, column folio_kib: expected a folio size in KiB: 4, 8, 16, ..., 2048, found '12'")]
    [InlineData("vanilla,0,4096,3.7", "box.csv: line 2, column folio_kib: expected a folio size in KiB: 4, 8, 16, ..., 2048, found '4096'")]
    [InlineData("vanilla,0,4,3.7,3", "box.csv: line 2: expected 4 fields as in the header, found 5")]
    [InlineData("vanilla,0,4", "box.csv: line 2: expected 4 fields as in the header, found 3")]
    public void A_bad_field_names_the_file_line_column_expectation_and_value(string row, string message) =>
        Assert.Equal(message, Error("mode,workers,folio_kib,gbps\n" + row + "\n"));

    [Theory]
    [InlineData("stddev", "-0.1", "box.csv: line 3, column stddev: expected a standard deviation in GB/s of 0 or more, such as 0.33, found '-0.1'")]
    [InlineData("total", "1.5G", "box.csv: line 3, column total: expected bytes per call as a whole number of 2048 KiB folios, such as 1G or 64M, found '1.5G'")]
    [InlineData("total", "3M", "box.csv: line 3, column total: expected bytes per call as a whole number of 2048 KiB folios, such as 1G or 64M, found '3M'")]
    [InlineData("batch_pages", "0", "box.csv: line 3, column batch_pages: expected NR_MAX_BATCHED_MIGRATION in base pages, such as 512, found '0'")]
    public void A_bad_optional_field_names_its_column(string column, string value, string message) =>
        Assert.Equal(message, Error($"# comment\nmode,workers,folio_kib,gbps,{column}\nvanilla,0,2048,10.6,{value}\n"));

    [Fact]
    public void A_missing_required_column_is_named_with_the_expected_header()
    {
        Assert.Equal("box.csv: line 1: expected a header naming the columns mode,workers,folio_kib,gbps (optional: stddev,total,batch_pages), found no column folio_kib, gbps in 'mode,workers,folio,throughput'",
            Error("mode,workers,folio,throughput\nvanilla,0,4,3.7\n"));
        Assert.Equal("box.csv: expected a header naming the columns mode,workers,folio_kib,gbps (optional: stddev,total,batch_pages), found no lines",
            Error("\n# nothing\n"));
        Assert.Equal("box.csv: line 1: column gbps appears twice in the header", Error("mode,workers,folio_kib,gbps,gbps\n"));
        Assert.Equal("box.csv: expected at least one measured cell after the header (line 1)", Error("mode,workers,folio_kib,gbps\n"));
    }

    [Fact]
    public void A_cell_measured_twice_is_refused()
    {
        Assert.Equal("box.csv: line 4: the cell mtcopy 2 x 16 KiB (total 1G, batch_pages 262144) is already on line 2",
            Error("mode,workers,folio_kib,gbps\nmtcopy,2,16,6.7\nmtcopy,4,16,8.4\nmtcopy,2,16,6.9\n"));
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_a_usage_error()
    {
        var e = Assert.Throws<UsageException>(() => MeasurementFile.Load("/nonexistent/box.csv"));
        Assert.StartsWith("/nonexistent/box.csv: cannot be read:", e.Message);
    }
}
