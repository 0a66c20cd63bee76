using ActorMigration.Node.Cluster.Partition;
using Akka.Actor;
using Akka.Management.Cluster.Bootstrap;
using Akka.Pattern;
using Akka.Cluster.Tools.Singleton;
using Akka.Remote;

namespace ActorMigration.Node.Cluster;

/// <summary>A member of the cluster: its actor system, and the actors its roles ask for.</summary>
public static class ClusterMember
{
    /// <summary>Starts a member as <paramref name="settings"/> say: it joins its seeds on its own; a coordinator member takes part in the
    /// coordinator singleton, a worker member runs a <see cref="SweepWorker"/> and a <see cref="PartitionHost"/>.</summary>
    public static ActorSystem Start(MemberSettings settings)
    {
        ActorSystem system;
        try
        {
            system = ActorSystem.Create(MemberSettings.SystemName, settings.ToSetup());
        }
        catch (RemoteTransportException e)
        {
            throw new ClusterUnavailableException($"cannot listen on {settings.Hostname}:{settings.Port}: {e.InnerException?.Message ?? e.Message}");
        }
        if (settings.Discovery is { } method) Bootstrap(system, method);
        // A coordinator stopped by a failed journal write starts again under its supervisor, and recovers from the journal.
        if (settings.Roles.Contains(MemberSettings.CoordinatorRole))
            system.ActorOf(ClusterSingletonManager.Props(BackoffSupervisor.Props(Backoff.OnStop(SweepCoordinator.Props(SweepCoordinator.DefaultWorkerPatience, SweepCoordinator.DefaultTellInterval),
                    "coordinator", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2, maxNrOfRetries: -1)), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(MemberSettings.CoordinatorRole)), SweepCoordinator.Name);
        if (settings.Roles.Contains(MemberSettings.WorkerRole))
        {
            var journals = new WorkerJournals();
            system.RegisterOnTermination(journals.Dispose);
            system.ActorOf(SweepWorker.Props(CoordinatorProxy(system), journals), SweepWorker.Name);
            system.ActorOf(PartitionHost.Props(), PartitionHost.Name);
        }
        return system;
    }

    /// <summary>Serves Akka.Management's endpoint and starts cluster bootstrap, which joins the cluster that the members found by
    /// <paramref name="method"/> run, or forms one with them. The discovery method is created first, so that a member outside Kubernetes
    /// fails at once rather than in bootstrap's retries.</summary>
    private static void Bootstrap(ActorSystem system, string method)
    {
        try
        {
            Akka.Discovery.Discovery.Get(system).LoadServiceDiscovery(method);
            ManagementEndpoint.Start(system);
            ClusterBootstrap.Get(system).Start().Wait();
        }
        catch
        {
            system.Terminate().Wait();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="system"/>, a member joining the cluster at <paramref name="seed"/>, is up, at most
    /// <paramref name="timeout"/>; not joined is a <see cref="ClusterUnavailableException"/>.</summary>
    public static void AwaitUp(ActorSystem system, string seed, TimeSpan timeout)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        // A refused TLS handshake (the cluster holds another certificate) shuts this member down at once: no need to wait out the timeout.
        Task.WhenAny(up.Task, system.WhenTerminated).Wait(timeout);
        if (!up.Task.IsCompleted && system.WhenTerminated.IsCompleted)
            throw new ClusterUnavailableException($"could not join the cluster at {seed}: {CoordinatedShutdown.Get(system).ShutdownReason}");
        if (!up.Task.IsCompleted) throw new ClusterUnavailableException($"could not join the cluster at {seed} within {timeout.TotalSeconds:0} s");
    }

    /// <summary>A proxy to the coordinator singleton, wherever it runs; it keeps messages until it has found it.</summary>
    public static IActorRef CoordinatorProxy(ActorSystem system) =>
        system.ActorOf(ClusterSingletonProxy.Props($"/user/{SweepCoordinator.Name}",
            ClusterSingletonProxySettings.Create(system).WithRole(MemberSettings.CoordinatorRole)));
}
