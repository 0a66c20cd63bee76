using ActorMigration.Node.Cli;
using ScottPlot;

namespace ActorMigration.Node.Reports;

/// <summary>A <c>--plot</c> file: PNG or SVG by its extension, checked before any work and written whole or not at all.</summary>
public static class PlotFile
{
    /// <summary>Checks that <paramref name="path"/> ends in .png or .svg and can be written, before any work is done.</summary>
    public static void Check(string path)
    {
        IsSvg(path);
        Output.CheckWritable(path, "--plot");
    }

    /// <summary>Writes <paramref name="plot"/> to <paramref name="path"/> at <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public static void Write(string path, Plot plot, int width, int height) =>
        Output.WriteAtomically(path, "--plot", IsSvg(path) ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height)) : plot.GetImageBytes(width, height, ImageFormat.Png));

    private static bool IsSvg(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => true,
        ".png" => false,
        _ => throw new UsageException($"--plot: expected a file ending in .png or .svg, got '{path}'"),
    };
}
