using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>A program and the seed to run it with.</summary>
public sealed record ProgramCase(ActorProgram Program, ulong Seed)
{
    public override string ToString() => $"{Program} seed {Seed}";
}

/// <summary>FsCheck generators of <see cref="ActorProgram"/>s.</summary>
public static class ActorProgramGen
{
    private static Gen<NodeSpec> Node(int nodes) =>
        from peerCount in Gen.Choose(1, 4)
        from peers in Gen.ArrayOf(Gen.Choose(0, nodes - 1), peerCount)
        from busy in Gen.Elements(true, false)
        from timers in Gen.Elements(true, false)
        from stash in Gen.Elements(true, false)
        from watch in Gen.Elements(true, false)
        from maxRestarts in Gen.Frequency((2, Gen.Constant(-1)), (1, Gen.Choose(0, 4)))
        select new NodeSpec(peers, busy, timers, stash, watch, maxRestarts);

    /// <summary>1..8 nodes (self-sends allowed), 1..4 kickoffs in the first microsecond, hop delays up to 1 ps, 10 ns or 1 us.</summary>
    public static Gen<ActorProgram> Program { get; } =
        from nodes in Gen.Choose(1, 8)
        from specs in Gen.ArrayOf(Node(nodes), nodes)
        from kickoffCount in Gen.Choose(1, 4)
        from kickoffs in Gen.ArrayOf(
            from node in Gen.Choose(0, nodes - 1)
            from atPs in Gen.Choose(0, 1_000_000)
            from ttl in Gen.Choose(1, ActorProgram.MaxTtl)
            select new Kickoff(node, atPs, ttl),
            kickoffCount)
        from maxDelayPs in Gen.Elements(1L, 10_000L, 1_000_000L)
        select new ActorProgram(specs, kickoffs, maxDelayPs);

    /// <summary>A program with a seed.</summary>
    public static Gen<ProgramCase> Case { get; } =
        from program in Program
        from seed in Generators.Seed
        select new ProgramCase(program, seed);
}

/// <summary>The arbitraries the <c>[Property]</c> tests draw from.</summary>
public static class ProgramArbitraries
{
    public static Arbitrary<ProgramCase> Cases() => ActorProgramGen.Case.ToArbitrary();

    public static Arbitrary<ActorProgram> Programs() => ActorProgramGen.Program.ToArbitrary();
}
