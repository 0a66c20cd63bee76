namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The tests that form clusters of real processes (or of several ActorSystems): one at a time, so that each one's
/// members are not starved of the two cores by another's, which would make Akka's failure detector down them and the
/// deadlines under test miss.</summary>
[CollectionDefinition(nameof(ClusterProcessCollection), DisableParallelization = true)]
public sealed class ClusterProcessCollection;
