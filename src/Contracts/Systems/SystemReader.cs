using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Contracts.Systems;

/// <summary>Reads system files: a YAML path, or the name of a system shipped in <c>config/systems</c> (embedded). Every error
/// names the file and the key.</summary>
public static class SystemReader
{
    private static readonly ShippedFiles Shipped = new(typeof(SystemReader).Assembly, "systems");
    private static readonly string[] Kinds = ["dram", "cxl_expander", "cxl_pool", "device_coherent"];

    /// <summary>The names of the shipped systems.</summary>
    public static IReadOnlyList<string> ShippedNames => Shipped.Names;

    /// <summary>Loads <paramref name="nameOrPath"/>: an existing file, else a shipped system's name.</summary>
    public static SystemSpec Load(string nameOrPath) => Read(Shipped.Load(nameOrPath, "system"));

    /// <summary>Builds a system from a parsed document, checking every key and how the parts fit together.</summary>
    public static SystemSpec Read(ConfigNode root)
    {
        var name = root.Required("name").AsString();
        var description = root.Optional("description")?.AsString() ?? "";
        var remote = root.Required("remote_socket_latency").AsTime();

        var hostsNode = root.Required("hosts");
        var hosts = new List<HostSpec>();
        foreach (var h in hostsNode.Items)
        {
            var host = new HostSpec(h.Required("name").AsString(), h.Required("sockets").AsInt(1, 64), h.Required("cores_per_socket").AsInt(1, 1024),
                h.Optional("dma_channels")?.AsInt(0, 1024) ?? 0, h.Optional("platform")?.AsString() ?? HostSpec.DefaultPlatform);
            h.RejectUnknownKeys();
            if (hosts.Any(o => o.Name == host.Name)) throw h.Required("name").Problem($"host '{host.Name}' is named twice");
            hosts.Add(host);
        }
        if (hosts.Count == 0) throw hostsNode.Problem("expected at least one host");

        var nodesNode = root.Required("memory_nodes");
        var nodes = new List<MemoryNodeSpec>();
        foreach (var n in nodesNode.Items)
        {
            var idNode = n.Required("id");
            var id = idNode.AsInt(0, 1023);
            if (nodes.Any(o => o.Id == id)) throw idNode.Problem($"node {id} is defined twice");
            var kind = n.Required("kind").AsChoice(Kinds) switch
            {
                "dram" => MemoryKind.Dram, "cxl_expander" => MemoryKind.CxlExpander, "device_coherent" => MemoryKind.DeviceCoherent, _ => MemoryKind.CxlPool,
            };
            IReadOnlyList<string> attached;
            int? socket = null;
            if (kind == MemoryKind.CxlPool)
            {
                var hostList = n.Required("hosts");
                attached = hostList.Items.Select(x => x.AsString()).ToArray();
                if (attached.Count < 2) throw hostList.Problem("a CXL pool is shared: expected at least two hosts");
                foreach (var (hostName, item) in attached.Zip(hostList.Items))
                    if (hosts.All(x => x.Name != hostName)) throw item.Problem($"no host named '{hostName}' (hosts: {string.Join(", ", hosts.Select(x => x.Name))})");
            }
            else
            {
                var hostNode = n.Required("host");
                var host = hosts.FirstOrDefault(x => x.Name == hostNode.AsString())
                    ?? throw hostNode.Problem($"no host named '{hostNode.AsString()}' (hosts: {string.Join(", ", hosts.Select(x => x.Name))})");
                attached = [host.Name];
                socket = n.Required("socket").AsInt(0, host.Sockets - 1);
            }
            var capacity = n.Required("capacity").AsSize();
            if (capacity.Bytes < 2 << 20) throw n.Required("capacity").Problem($"expected at least 2M, got {capacity}");
            var latency = n.Required("latency").AsTime();
            if (latency.Picoseconds <= 0) throw n.Required("latency").Problem("expected a positive latency");
            var loaded = n.Optional("loaded_latency")?.AsDouble(1, 100) ?? 1;
            var deviceNode = n.Optional("device_bandwidth");
            if (deviceNode is not null && kind != MemoryKind.CxlPool) throw deviceNode.Problem("only a CXL pool has a device bandwidth shared by its hosts");
            var spNode = n.Optional("specific_purpose");
            var specificPurpose = spNode?.AsBool() ?? false;
            if (specificPurpose && kind is MemoryKind.Dram or MemoryKind.DeviceCoherent)
                throw spNode!.Problem($"a {(kind == MemoryKind.Dram ? "DRAM node holds its CPUs' memory" : "GPU's memory is its driver's")}: only a memory-only node (cxl_expander, cxl_pool) is specific-purpose");
            var gpu = kind == MemoryKind.DeviceCoherent ? Gpu(n, nodes) : null;
            nodes.Add(new MemoryNodeSpec(id, kind, attached, socket, capacity, latency, n.Required("bandwidth").AsBandwidth(), loaded, deviceNode?.AsBandwidth(),
                specificPurpose, gpu));
            n.RejectUnknownKeys();
        }
        foreach (var host in hosts)
            if (!nodes.Any(x => x.HasCpus && x.Hosts.Contains(host.Name)))
                throw nodesNode.Problem($"host '{host.Name}' has no DRAM node: every host needs memory for its CPUs");
        root.RejectUnknownKeys();
        return new SystemSpec(name, description, hosts, nodes.OrderBy(x => x.Id).ToArray(), remote, root.Text);
    }

    /// <summary>A device-coherent node's GPU: <c>gpu</c> (its name), <c>sdma_bandwidth</c>, <c>sdma_window_latency</c> (default 0),
    /// <c>hbm_bandwidth</c> and <c>page_fault_latency</c> (default 0).</summary>
    private static GpuSpec Gpu(ConfigNode n, IReadOnlyList<MemoryNodeSpec> before)
    {
        var nameNode = n.Required("gpu");
        var name = nameNode.AsString();
        if (before.Any(o => o.Gpu?.Name == name)) throw nameNode.Problem($"GPU '{name}' owns another node: each GPU owns one device-coherent node");
        return new GpuSpec(name, n.Required("sdma_bandwidth").AsBandwidth(), NotNegative(n, "sdma_window_latency"), n.Required("hbm_bandwidth").AsBandwidth(),
            NotNegative(n, "page_fault_latency"));
    }

    private static SimTime NotNegative(ConfigNode n, string key)
    {
        var time = n.Optional(key)?.AsTime() ?? SimTime.Zero;
        return time.Picoseconds >= 0 ? time : throw n.Required(key).Problem("expected a latency of 0 or more");
    }
}
