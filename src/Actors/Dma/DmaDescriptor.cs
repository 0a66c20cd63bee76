namespace ActorMigration.Actors.Dma;

/// <summary>One memcpy descriptor: a scatter-gather segment covering <paramref name="FolioCount"/> consecutive entries of the
/// batch list from position <paramref name="First"/>, <paramref name="Bytes"/> long, touching <paramref name="IommuPages"/> IOMMU pages per side.</summary>
public readonly record struct DmaDescriptor(int First, int FolioCount, long Bytes, int IommuPages);
