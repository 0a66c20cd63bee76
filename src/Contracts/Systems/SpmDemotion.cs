namespace ActorMigration.Contracts.Systems;

/// <summary>What demotion does with specific-purpose memory nodes.</summary>
public enum SpmDemotion
{
    /// <summary>The SPM proposal: a demotion allocation is a default allocation, so an SPM node is never a demotion target; its own
    /// kswapd still demotes what explicit placement put there to the next lower tier's SysRAM nodes.</summary>
    Exclude,

    /// <summary>dax/kmem today: an SPM node is plain System RAM in its tier, a demotion target like any other (demotion ignores
    /// mempolicy and cpusets, so other processes' cold folios land there).</summary>
    Target,

    /// <summary>Neither: an SPM node is never a demotion target and never demotes; its folios stay until their owner moves them.</summary>
    None,
}
