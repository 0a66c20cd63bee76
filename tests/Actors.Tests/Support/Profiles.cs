using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>The calibrated zen3-ptdma profile and variants of it, made by editing the YAML text of the shipped file and
/// reading it back through <see cref="PlatformProfileReader"/>, so every variant passes the same checks as a real profile.</summary>
public static class Profiles
{
    private const string Shipped = "zen3-ptdma";

    /// <summary>The shipped, calibrated profile.</summary>
    public static PlatformProfile Zen3 { get; } = PlatformProfileReader.Load(Shipped);

    /// <summary>The shipped profile whose PTDMA channels fail a descriptor with probability <paramref name="p"/>; with
    /// <paramref name="inFlightPerChannel"/> &gt; 1 the channels overlap fetches and transfers as a DSA work queue does.</summary>
    public static PlatformProfile WithChannelErrors(double p, int inFlightPerChannel = 1) => Edit($"channel-errors-{p}-{inFlightPerChannel}", lines =>
    {
        InsertAfter(lines, "    max_segment:", FormattableString.Invariant($"    channel_error_probability: {p}"));
        Replace(lines, "    in_flight_per_channel:", $"    in_flight_per_channel: {inFlightPerChannel}");
    });

    /// <summary>The shipped profile with dcbm's size threshold set to <paramref name="minBatch"/> (e.g. "256K").</summary>
    public static PlatformProfile WithMinBatch(string minBatch) =>
        Edit($"min-batch-{minBatch}", lines => InsertAfter(lines, "dcbm:", $"  min_batch: {minBatch}"));

    /// <summary>The shipped profile with the target node (1) holding only <paramref name="capacity"/> (e.g. "1M").</summary>
    public static PlatformProfile WithTargetCapacity(string capacity) =>
        Edit($"node1-{capacity}", lines => Replace(lines, "  - { id: 1,", $"  - {{ id: 1, socket: 1, capacity: {capacity}, tier: dram }}"));

    private static PlatformProfile Edit(string variant, Action<List<string>> edit)
    {
        var lines = PlatformProfileReader.ReadShipped(Shipped)!.Split('\n').ToList();
        edit(lines);
        return PlatformProfileReader.Read(ConfigNode.Parse($"{Shipped}+{variant}.yaml", string.Join('\n', lines)));
    }

    private static int Find(List<string> lines, string prefix)
    {
        var i = lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.True(i >= 0, $"The shipped profile has no line starting with '{prefix}'");
        return i;
    }

    private static void InsertAfter(List<string> lines, string prefix, string line) => lines.Insert(Find(lines, prefix) + 1, line);

    private static void Replace(List<string> lines, string prefix, string line) => lines[Find(lines, prefix)] = line;
}
