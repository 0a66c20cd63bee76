using ActorMigration.Contracts.Platform;
using Akka.Actor;

namespace ActorMigration.Actors.Dma;

/// <summary>A DMA engine as the migrator sees it: its profile and its channel actors.</summary>
public sealed record DmaEngine(EngineSpec Spec, IReadOnlyList<IActorRef> Channels);
