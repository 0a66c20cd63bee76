using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>FsCheck generators for <see cref="RandomGraph"/>s and seeds.</summary>
public static class RandomGraphGen
{
    /// <summary>1..8 nodes, each with 1..4 targets (self allowed), 1..4 kickoffs in the first microsecond.</summary>
    public static Gen<RandomGraph> Graph { get; } =
        from nodes in Gen.Choose(1, 8)
        from targets in Gen.ArrayOf(Gen.Choose(1, 4).SelectMany(k => Gen.ArrayOf(Gen.Choose(0, nodes - 1), k)), nodes)
        from kickoffCount in Gen.Choose(1, 4)
        from kickoffs in Gen.ArrayOf(
            from node in Gen.Choose(0, nodes - 1)
            from at in Gen.Choose(0, 1_000)
            from ttl in Gen.Choose(1, RandomGraph.MaxTtl)
            select new Kickoff(node, at, ttl),
            kickoffCount)
        from maxDelayNs in Gen.Elements(1, 10, 1_000)
        from occupy in Gen.Elements(true, false)
        from timers in Gen.Elements(true, false)
        from failures in Gen.Elements(true, false)
        select new RandomGraph(targets, kickoffs, maxDelayNs, occupy, timers, failures);

    /// <summary>Any 64-bit seed.</summary>
    public static Gen<ulong> Seed { get; } =
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)hi << 32) | (uint)lo;
}
