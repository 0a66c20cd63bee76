namespace ActorMigration.Node.Cluster;

/// <summary>The cluster could not be reached, or lost what a distributed run needed: reported with exit code 3, nothing printed as complete.</summary>
public sealed class ClusterUnavailableException(string message) : Exception(message);
