using System.Globalization;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Node.Calibration;

/// <summary>One measured cell: move_pages(2) of <paramref name="Total"/> bytes in folios of one size, with one copy path,
/// and the mean and standard deviation of its throughput.</summary>
/// <param name="Line">The 1-based line of the cell in its file.</param>
/// <param name="Mode">vanilla, batch, mtcopy or dcbm.</param>
/// <param name="Workers">mtcopy threads or dcbm channels; 0 for vanilla and batch.</param>
/// <param name="FolioKiB">Folio size in KiB (4 to 2048).</param>
/// <param name="Gbps">Mean throughput in GB/s (1e9 bytes per second).</param>
/// <param name="Stddev">Standard deviation of the throughput in GB/s (0: unknown).</param>
/// <param name="Total">Bytes moved per call.</param>
/// <param name="BatchPages">NR_MAX_BATCHED_MIGRATION of the measured kernel, in base pages.</param>
public sealed record MeasuredCell(int Line, string Mode, int Workers, int FolioKiB, double Gbps, double Stddev, ByteSize Total, int BatchPages)
{
    /// <summary>The cell as the tables name it: <c>dcbm 12 x 128 KiB</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Mode} {Workers} x {FolioKiB} KiB");
}
