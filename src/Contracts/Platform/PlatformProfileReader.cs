using ActorMigration.Contracts.Config;

namespace ActorMigration.Contracts.Platform;

/// <summary>Reads platform profiles: a YAML file path, or the name of a profile shipped in <c>config/platforms</c> (embedded).</summary>
public static class PlatformProfileReader
{
    private static readonly ShippedFiles Shipped = new(typeof(PlatformProfileReader).Assembly, "platforms");

    /// <summary>The names of the shipped profiles.</summary>
    public static IReadOnlyList<string> ShippedNames => Shipped.Names;

    /// <summary>Loads <paramref name="nameOrPath"/>: an existing file, else a shipped profile name.</summary>
    public static PlatformProfile Load(string nameOrPath) => Read(Shipped.Load(nameOrPath, "platform"));

    /// <summary>The file <paramref name="nameOrPath"/> names and its text, as <see cref="Load"/> finds them.</summary>
    public static (string File, string Text) Find(string nameOrPath) => Shipped.Find(nameOrPath, "platform");

    /// <summary>The text of a shipped profile, or null.</summary>
    public static string? ReadShipped(string name) => Shipped.Read(name);

    /// <summary>Builds a profile from a parsed document, checking every key.</summary>
    public static PlatformProfile Read(ConfigNode root)
    {
        var cpuNode = root.Required("cpu");
        var cpu = new CpuTopology(
            cpuNode.Required("sockets").AsInt(1, 64),
            cpuNode.Required("dies_per_socket").AsInt(1, 64),
            cpuNode.Required("cores_per_die").AsInt(1, 1024),
            cpuNode.Required("threads_per_core").AsInt(1, 8),
            cpuNode.Required("frequency_ghz").AsDouble(0.1, 10),
            cpuNode.Required("tlb_flush_target_cpus").AsInt(0, 100_000));
        cpuNode.RejectUnknownKeys();

        var nodes = root.Required("memory_nodes").Items.Select(n =>
        {
            var spec = new MemoryNodeSpec(
                n.Required("id").AsInt(0, 1023),
                n.Required("socket").AsInt(0, cpu.Sockets - 1),
                n.Required("capacity").AsSize(),
                n.Optional("tier")?.AsChoice("dram", "cxl", "device", "specific-purpose") ?? "dram",
                n.Optional("controller")?.AsBandwidth());
            n.RejectUnknownKeys();
            return spec;
        }).ToArray();
        if (nodes.Length < 2) throw root.Required("memory_nodes").Expected("at least two memory nodes (a migration needs a source and a target)");
        var duplicate = nodes.GroupBy(n => n.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw root.Required("memory_nodes").Expected($"distinct node ids (id {duplicate.Key} appears twice)");

        var k = root.Required("kernel");
        var kernel = new KernelCosts(
            k.Required("move_pages_fixed").AsTime(),
            k.Required("migrate_pages_call").AsTime(),
            k.Required("batch").AsTime(),
            k.Required("folio").AsTime(),
            k.Required("pte").AsTime(),
            k.Required("pmd_folio").AsTime(),
            k.Required("alloc_buddy_extra").AsTime(),
            k.Required("unmap_share").AsDouble(0, 1),
            k.Required("tlb_flush_base").AsTime(),
            k.Required("tlb_flush_per_cpu").AsTime(),
            k.Required("page_lookup").AsTime(),
            k.Required("status_store").AsTime());
        k.RejectUnknownKeys();

        var c = root.Required("cpu_copy");
        var cpuCopy = new CpuCopySpec(c.Required("thread").AsBandwidth(), c.Required("pair_cap").AsBandwidth(), c.Required("total_cap").AsBandwidth());
        c.RejectUnknownKeys();

        var m = root.Required("mtcopy");
        var mtCopy = new MtCopySpec(m.Required("dispatch_per_worker").AsTime(), m.Required("build_item").AsTime(), m.Required("item").AsTime(), m.Required("completion").AsTime());
        m.RejectUnknownKeys();

        var d = root.Required("dcbm");
        var dcbm = new DcbmSpec(
            d.Required("max_channels").AsInt(1, 1024),
            d.Required("channel_setup").AsTime(),
            d.Required("sg_entry").AsTime(),
            d.Required("iommu").AsChoice("passthrough", "translated") == "translated" ? IommuMode.Translated : IommuMode.Passthrough,
            d.Required("iommu_map_per_page").AsTime(),
            d.Required("iommu_map_per_entry").AsTime(),
            d.Required("descriptor_prep").AsTime(),
            d.Required("completion").AsTime(),
            d.Optional("min_batch")?.AsSize() ?? default);
        d.RejectUnknownKeys();

        var engines = (root.Optional("engines")?.Items ?? []).Select(e =>
        {
            var kind = e.Required("kind").AsChoice("ptdma", "dsa", "sdxi") switch
            {
                "ptdma" => EngineKind.Ptdma,
                "dsa" => EngineKind.Dsa,
                _ => EngineKind.Sdxi,
            };
            var node = e.Required("name");
            var engineName = node.AsString();
            if (engineName.Length == 0 || !engineName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw node.Expected("a name of ASCII letters, digits, '-' or '_'");
            node = e.Required("node");
            var spec = new EngineSpec(
                engineName,
                kind,
                node.AsInt(0, 1023),
                e.Required("channels").AsInt(1, 1024),
                e.Required("channels_per_path").AsInt(1, 1024),
                e.Required("in_flight_per_channel").AsInt(1, 1 << 20),
                e.Required("ring_size").AsInt(1, 1 << 20),
                e.Required("channel").AsBandwidth(),
                e.Required("path_cap").AsBandwidth(),
                e.Required("engine_cap").AsBandwidth(),
                e.Required("descriptor_overhead").AsTime(),
                e.Required("iotlb_miss").AsTime(),
                e.Required("max_segment").AsSize(),
                e.Optional("batch_descriptor")?.AsInt(1, 1 << 20) ?? 1,
                e.Optional("channel_error_probability")?.AsDouble(0, 1) ?? 0);
            if (nodes.All(n => n.Id != spec.Node)) throw node.Expected($"the id of a memory node ({string.Join(", ", nodes.Select(n => n.Id))})");
            e.RejectUnknownKeys();
            return spec;
        }).ToArray();

        var links = (root.Optional("links")?.Items ?? []).Select(l =>
        {
            var between = l.Required("between");
            var sockets = between.Items.Select(s => s.AsInt(0, cpu.Sockets - 1)).ToArray();
            if (sockets.Length != 2 || sockets[0] == sockets[1]) throw between.Expected("two different sockets, such as [0, 1]");
            var link = new SocketLinkSpec(sockets[0], sockets[1], l.Required("bandwidth").AsBandwidth());
            l.RejectUnknownKeys();
            return link;
        }).ToArray();
        var engineNames = engines.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (engineNames is not null) throw root.Required("engines").Expected($"distinct engine names ('{engineNames.Key}' appears twice)");
        var profile = new PlatformProfile(
            root.Required("name").AsString(),
            root.Optional("description")?.AsString() ?? "",
            cpu, nodes, kernel, cpuCopy, mtCopy, dcbm, engines, links, root.File, root.Text);
        root.RejectUnknownKeys();
        return profile;
    }
}
