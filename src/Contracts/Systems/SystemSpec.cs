using ActorMigration.Contracts.Units;

namespace ActorMigration.Contracts.Systems;

/// <summary>A tiered-memory system: hosts and their NUMA memory nodes, DRAM, CXL expanders and shared CXL pools.</summary>
/// <param name="Name">The system's name.</param>
/// <param name="Description">One line for people.</param>
/// <param name="Hosts">Its hosts.</param>
/// <param name="Nodes">Its memory nodes, by id.</param>
/// <param name="RemoteSocket">Latency added when a CPU reaches memory of another socket of its host.</param>
/// <param name="SourceText">The YAML it was read from.</param>
public sealed record SystemSpec(string Name, string Description, IReadOnlyList<HostSpec> Hosts, IReadOnlyList<MemoryNodeSpec> Nodes,
    SimTime RemoteSocket, string SourceText)
{
    /// <summary>The idle latency from a CPU of <paramref name="host"/>'s <paramref name="socket"/> to <paramref name="node"/>, or null
    /// when the host cannot reach it.</summary>
    public SimTime? Latency(string host, int socket, MemoryNodeSpec node) =>
        !node.Hosts.Contains(host) ? null
        : node.Socket is { } s && s != socket ? node.Latency + RemoteSocket
        : node.Latency;
}
