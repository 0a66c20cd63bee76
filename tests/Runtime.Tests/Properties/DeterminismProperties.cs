using ActorMigration.Runtime.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Runtime.Tests.Properties;

/// <summary>Same scenario + seed ⇒ same trace; different seeds ⇒ different traces where randomness is used.</summary>
public sealed class DeterminismProperties
{
    private static readonly Config Cases = Config.QuickThrowOnFailure.WithMaxTest(200);

    [Fact]
    public void A_random_actor_graph_built_twice_with_the_same_seed_gives_the_same_trace()
    {
        var cases = from graph in RandomGraphGen.Graph from seed in RandomGraphGen.Seed select (graph, seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var first = c.graph.Run(c.seed);
            var second = c.graph.Run(c.seed);
            return first == second && first.Delivered > 0;
        }).Check(Cases);
    }

    [Fact]
    public void The_same_random_graph_with_different_seeds_gives_different_traces()
    {
        var cases = from graph in RandomGraphGen.Graph
                    from seeds in Gen.Two(RandomGraphGen.Seed).Where(s => s.Item1 != s.Item2)
                    select (graph, seeds.Item1, seeds.Item2);
        Prop.ForAll(cases.ToArbitrary(), c => c.graph.Run(c.Item2).Hash != c.graph.Run(c.Item3).Hash).Check(Cases);
    }

    [Fact]
    public void Seeds_that_differ_in_one_bit_give_different_traces()
    {
        var graph = new RandomGraph([[0, 1], [0]], [new Kickoff(0, 0, 3)], MaxDelayNs: 10, Occupy: false, Timers: false, Failures: false);
        var hashes = Enumerable.Range(0, 64).Select(bit => graph.Run(1UL << bit).Hash).Append(graph.Run(0).Hash).ToList();
        Assert.Equal(hashes.Count, hashes.Distinct().Count());
    }
}
