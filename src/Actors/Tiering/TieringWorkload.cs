using ActorMigration.Actors.Workloads;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>A workload as the kernel's callers see it: its actor, the top-tier node its threads run by (where promotion aims) and
/// the CPUs its threads run on.</summary>
public sealed record TieringWorkload(WorkloadSpec Spec, IActorRef Actor, int LocalNode, IReadOnlyList<int> Cpus);
