using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Systems;

namespace ActorMigration.Contracts.Tests;

/// <summary>System files and the memory tiers memory-tiers.c would build from them.</summary>
public sealed class SystemTests
{
    [Fact]
    public void The_shipped_systems_load()
    {
        Assert.Equal(["frontier-node", "optane-2s", "pond-16", "zen3-2s", "zen3-2s-cxl4", "zen3-2s-cxl4-spm"], SystemReader.ShippedNames);
        var pond = SystemReader.Load("pond-16");
        Assert.Equal(16, pond.Hosts.Count);
        Assert.Equal(4L << 40, pond.Nodes.Sum(n => n.Capacity.Bytes));
        Assert.Equal(16, pond.Nodes.Single(n => n.Kind == MemoryKind.CxlPool).Hosts.Count);
    }

    [Fact]
    public void Two_dram_sockets_are_one_top_tier_without_demotion()
    {
        var tiers = new MemoryTiers(SystemReader.Load("zen3-2s"));
        Assert.Equal([[0, 1]], tiers.Tiers);
        Assert.Equal(MemoryTiers.DramAdistance, tiers.Adistance(0));
        Assert.Equal([0, 1], tiers.TopTierNodes);
        Assert.Empty(tiers.DemotionTargets(0));
    }

    [Fact]
    public void Cxl_expanders_are_a_lower_tier_and_each_socket_demotes_to_its_own()
    {
        var tiers = new MemoryTiers(SystemReader.Load("zen3-2s-cxl4"));
        Assert.Equal([[0, 1], [2, 3, 4, 5]], tiers.Tiers);
        // 576 x (240 ns / 110 ns) x (150 GB/s / 26 GB/s), as memory-tiers.c derives it from performance.
        Assert.Equal((int)Math.Round(576 * (240.0 / 110) * (150.0 / 26)), tiers.Adistance(2));
        Assert.Equal([0, 1], tiers.TopTierNodes);
        Assert.Equal([2, 3], tiers.DemotionTargets(0));
        Assert.Equal([4, 5], tiers.DemotionTargets(1));
        Assert.Empty(tiers.DemotionTargets(2));
    }

    [Fact]
    public void Every_host_of_a_pool_demotes_into_it()
    {
        var system = SystemReader.Load("pond-16");
        var tiers = new MemoryTiers(system);
        Assert.Equal(2, tiers.Tiers.Count);
        Assert.Equal([16], tiers.Tiers[1]);
        Assert.All(Enumerable.Range(0, 16), n => Assert.Equal([16], tiers.DemotionTargets(n)));
        Assert.Equal(Enumerable.Range(0, 16), tiers.TopTierNodes);
    }

    [Fact]
    public void Tiers_are_128_wide_and_a_node_twice_as_slow_both_ways_lands_four_times_as_far()
    {
        var system = Parse("""
            name: t
            remote_socket_latency: 50ns
            hosts: [{ name: a, sockets: 1, cores_per_socket: 4 }]
            memory_nodes:
              - { id: 0, kind: dram, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }
              - { id: 1, kind: cxl_expander, host: a, socket: 0, capacity: 1G, latency: 200ns, bandwidth: 50GB/s }
              - { id: 2, kind: cxl_expander, host: a, socket: 0, capacity: 1G, latency: 210ns, bandwidth: 50GB/s }
            """);
        var tiers = new MemoryTiers(system);
        Assert.Equal(4 * 576, tiers.Adistance(1));
        Assert.Equal(2419, tiers.Adistance(2)); // 576 x 2.1 x 2: still tier 18, with node 1
        Assert.Equal([[0], [1, 2]], tiers.Tiers);
        Assert.Equal([1], tiers.DemotionTargets(0)); // the nearer of the two
    }

    /// <summary>The SPM node has its own tier from its performance (between DRAM and the expanders); whether DRAM demotes into it is
    /// the <see cref="SpmDemotion"/> setting: not under the proposal (to the expanders, past it), as today's dax/kmem when targeted,
    /// and with <c>none</c> it does not demote either.</summary>
    [Fact]
    public void A_specific_purpose_node_keeps_its_tier_and_is_a_demotion_target_only_when_the_setting_says()
    {
        var system = SystemReader.Load("zen3-2s-cxl4-spm");
        Assert.True(system.Nodes.Single(n => n.Id == 6).SpecificPurpose);
        Assert.All(system.Nodes.Where(n => n.Id != 6), n => Assert.False(n.SpecificPurpose));
        var proposal = new MemoryTiers(system);
        Assert.Equal([[0, 1], [6], [2, 3, 4, 5]], proposal.Tiers);
        Assert.Equal((int)Math.Round(576 * (180.0 / 110) * (150.0 / 52)), proposal.Adistance(6));
        Assert.Equal([2, 3], proposal.DemotionTargets(0));
        Assert.Equal([4, 5], proposal.DemotionTargets(1));
        Assert.Equal([2, 3], proposal.DemotionTargets(6));
        var today = new MemoryTiers(system, SpmDemotion.Target);
        Assert.Equal([6], today.DemotionTargets(0));
        Assert.Equal([6], today.DemotionTargets(1));
        Assert.Equal([2, 3], today.DemotionTargets(6));
        var none = new MemoryTiers(system, SpmDemotion.None);
        Assert.Equal([2, 3], none.DemotionTargets(0));
        Assert.Empty(none.DemotionTargets(6));
    }

    [Theory]
    [InlineData("{ id: 0, kind: hbm, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes[0].kind: expected one of dram, cxl_expander, cxl_pool, device_coherent")]
    [InlineData("{ id: 0, kind: dram, host: b, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes[0].host: no host named 'b' (hosts: a)")]
    [InlineData("{ id: 0, kind: dram, host: a, socket: 3, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes[0].socket: expected")]
    [InlineData("{ id: 0, kind: dram, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwith: 100GB/s }", "memory_nodes[0].bandwidth: is required but missing (found 'bandwith': misspelt?)")]
    [InlineData("{ id: 0, kind: cxl_pool, hosts: [a], capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes[0].hosts: a CXL pool is shared: expected at least two hosts")]
    [InlineData("{ id: 0, kind: cxl_expander, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes: host 'a' has no DRAM node")]
    [InlineData("{ id: 0, kind: dram, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s, specific_purpose: true }", "memory_nodes[0].specific_purpose: a DRAM node holds its CPUs' memory")]
    [InlineData("{ id: 0, kind: dram, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s, specific_purpose: maybe }", "memory_nodes[0].specific_purpose: expected")]
    [InlineData("{ id: 0, kind: device_coherent, host: a, socket: 0, capacity: 1G, latency: 500ns, bandwidth: 36GB/s, sdma_bandwidth: 25GB/s, hbm_bandwidth: 1TB/s }", "memory_nodes[0].gpu: is required but missing")]
    [InlineData("{ id: 0, kind: device_coherent, host: a, socket: 0, gpu: g, capacity: 1G, latency: 500ns, bandwidth: 36GB/s, hbm_bandwidth: 1TB/s }", "memory_nodes[0].sdma_bandwidth: is required but missing")]
    [InlineData("{ id: 0, kind: dram, host: a, socket: 0, gpu: g, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes[0]")]
    public void A_bad_system_names_the_file_and_the_key(string node, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse($"name: t\nremote_socket_latency: 50ns\nhosts: [{{ name: a, sockets: 1, cores_per_socket: 4 }}]\nmemory_nodes:\n  - {node}\n"));
        Assert.StartsWith("sys.yaml: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("{ id: 0, kind: dram, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }", "memory_nodes[1].id: node 0 is defined twice")]
    [InlineData("{ id: 1, kind: device_coherent, host: a, socket: 0, gpu: g, capacity: 1G, latency: 500ns, bandwidth: 36GB/s, sdma_bandwidth: 25GB/s, hbm_bandwidth: 1TB/s }\n" +
        "  - { id: 2, kind: device_coherent, host: a, socket: 0, gpu: g, capacity: 1G, latency: 500ns, bandwidth: 36GB/s, sdma_bandwidth: 25GB/s, hbm_bandwidth: 1TB/s }",
        "memory_nodes[2].gpu: GPU 'g' owns another node")]
    public void Nodes_that_clash_with_node_0_are_named(string others, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("name: t\nremote_socket_latency: 50ns\nhosts: [{ name: a, sockets: 1, cores_per_socket: 4 }]\nmemory_nodes:\n" +
            $"  - {{ id: 0, kind: dram, host: a, socket: 0, capacity: 1G, latency: 100ns, bandwidth: 100GB/s }}\n  - {others}\n"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_frontier_node_has_half_a_terabyte_and_four_gpus_of_coherent_memory_in_no_tier()
    {
        var system = SystemReader.Load("frontier-node");
        Assert.Equal(512L << 30, system.Nodes.Where(n => n.Kind == MemoryKind.Dram).Sum(n => n.Capacity.Bytes));
        var devices = system.Nodes.Where(n => n.Kind == MemoryKind.DeviceCoherent).ToArray();
        Assert.Equal(["gpu0", "gpu1", "gpu2", "gpu3"], devices.Select(n => n.Gpu!.Name));
        Assert.All(devices, n => Assert.Equal(64L << 30, n.Capacity.Bytes));
        Assert.All(devices, n => Assert.False(n.HasCpus));
        // ZONE_DEVICE memory is in no tier: never a demotion target, never the top tier, never demoted from.
        var tiers = new MemoryTiers(system);
        Assert.Equal([[0]], tiers.Tiers);
        Assert.Equal([0], tiers.TopTierNodes);
        Assert.Empty(tiers.DemotionTargets(0));
        Assert.All(devices, n => Assert.Equal(-1, tiers.Tier(n.Id)));
        Assert.All(devices, n => Assert.Empty(tiers.DemotionTargets(n.Id)));
    }

    private static SystemSpec Parse(string yaml) => SystemReader.Read(ConfigNode.Parse("sys.yaml", yaml));
}
