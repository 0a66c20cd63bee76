using ActorMigration.Actors.Fabric;

namespace ActorMigration.Actors.Cpu;

/// <summary>How a CPU copy from a given logical CPU crosses the machine: one thread's rate, and the shared paths on the way.</summary>
/// <param name="ThreadBytesPerSec">One thread's copy rate: the cap of any single CPU copy.</param>
/// <param name="ResourcesByCpu">The fabric resources a copy from each logical CPU crosses whatever memory it copies between (its core pair, the CPU copy path).</param>
public sealed record CpuCopyPaths(double ThreadBytesPerSec, IReadOnlyList<ResourceSet> ResourcesByCpu)
{
    /// <summary>The resources crossed by a copy running on <paramref name="cpu"/>.</summary>
    public ResourceSet For(int cpu) => cpu >= 0 && cpu < ResourcesByCpu.Count
        ? ResourcesByCpu[cpu]
        : throw new ArgumentOutOfRangeException(nameof(cpu), cpu, $"The machine has logical CPUs 0..{ResourcesByCpu.Count - 1}");
}
