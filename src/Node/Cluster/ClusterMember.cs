using Akka.Actor;
using Akka.Pattern;
using Akka.Cluster.Tools.Singleton;
using Akka.Remote;

namespace ActorMigration.Node.Cluster;

/// <summary>A member of the cluster: its actor system, and the actors its roles ask for.</summary>
public static class ClusterMember
{
    /// <summary>Starts a member as <paramref name="settings"/> say: it joins its seeds on its own; a coordinator member takes part in the
    /// coordinator singleton, a worker member runs a <see cref="SweepWorker"/>.</summary>
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
        // A coordinator stopped by a failed journal write starts again under its supervisor, and recovers from the journal.
        if (settings.Roles.Contains(MemberSettings.CoordinatorRole))
            system.ActorOf(ClusterSingletonManager.Props(BackoffSupervisor.Props(Backoff.OnStop(SweepCoordinator.Props(SweepCoordinator.DefaultWorkerPatience),
                    "coordinator", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), 0.2, maxNrOfRetries: -1)), PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system).WithRole(MemberSettings.CoordinatorRole)), SweepCoordinator.Name);
        if (settings.Roles.Contains(MemberSettings.WorkerRole))
        {
            var journals = new WorkerJournals();
            system.RegisterOnTermination(journals.Dispose);
            system.ActorOf(SweepWorker.Props(CoordinatorProxy(system), journals), SweepWorker.Name);
        }
        return system;
    }

    /// <summary>A proxy to the coordinator singleton, wherever it runs; it keeps messages until it has found it.</summary>
    public static IActorRef CoordinatorProxy(ActorSystem system) =>
        system.ActorOf(ClusterSingletonProxy.Props($"/user/{SweepCoordinator.Name}",
            ClusterSingletonProxySettings.Create(system).WithRole(MemberSettings.CoordinatorRole)));
}
