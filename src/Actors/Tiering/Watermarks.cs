using ActorMigration.Contracts.Systems;

namespace ActorMigration.Actors.Tiering;

/// <summary>A node's free-memory watermarks, in bytes, as the page allocator sets them (mm/page_alloc.c), on one host's share of
/// it (a pool's slice): min from min_free_kbytes shared by capacity, and low, high and promo each a step above, the step the larger of min/4 and
/// watermark_scale_factor/10000 of the node.</summary>
public sealed record Watermarks(long Min, long Low, long High, long Promo)
{
    /// <summary>The watermarks of <paramref name="node"/>: min_free_kbytes is sqrt(16 × the host's memory in KiB), between 128 KiB
    /// and 256 MiB, shared among the host's nodes by size.</summary>
    public static Watermarks For(SystemSpec system, MemoryNodeSpec node, int scaleFactor)
    {
        var host = node.Hosts[0];
        var hostBytes = system.Nodes.Where(n => n.Hosts.Contains(host)).Sum(n => (double)n.HostShareBytes);
        var minFree = Math.Clamp(Math.Sqrt(16 * hostBytes / 1024), 128, 262144) * 1024;
        var min = (long)(minFree * node.HostShareBytes / hostBytes);
        var step = Math.Max(min / 4, node.HostShareBytes / 10000 * scaleFactor);
        return new Watermarks(min, min + step, min + 2 * step, min + 3 * step);
    }
}
