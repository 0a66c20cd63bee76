using System.Diagnostics;
using System.Globalization;
using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Sweep;
using Akka.Actor;

namespace ActorMigration.Node.Cluster;

/// <summary>A sweep run on the cluster's workers: this process joins the cluster as a client member, submits the points, waits for
/// every result (within a deadline) and leaves.</summary>
public static class ClusterSweep
{
    /// <summary>How long joining the cluster may take before the cluster counts as unreachable.</summary>
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the coordinator may take to accept or refuse a sweep (it may be starting, or moving to another member).</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long leaving the cluster may take at the end.</summary>
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs <paramref name="scenarios"/> on the cluster that <paramref name="client"/> (this process's member) joins through its
    /// seed; <paramref name="onPoint"/> is called after each point, with the number of workers. Outcomes come in scenario order;
    /// a cluster that cannot be joined, a refusal, a lost coordinator or a missed <paramref name="deadline"/> throw
    /// <see cref="ClusterUnavailableException"/>. With <paramref name="claimJournal"/> (called once the cluster is joined, so that an unreachable cluster leaves no
    /// claimed runs behind), the workers journal each point into the run it claimed for it.</summary>
    public static IReadOnlyList<SweepRunner.Outcome> Run(string name, IReadOnlyList<MigrationScenario> scenarios, MemberSettings client,
        TimeSpan deadline, Action<MigrationRunResult, int> onPoint, Func<SweepJournal>? claimJournal = null)
    {
        var seed = client.Seeds[0];
        var system = ClusterMember.Start(client);
        try
        {
            // While this member joins, the proxy finds the coordinator and Hyperion compiles its serializers for the scenarios' types:
            // in a new process each took ~0.3 s of the sweep's time, with every worker idle, when it waited for the submission.
            var coordinator = ClusterMember.CoordinatorProxy(system);
            var serializerReady = Task.Run(() => Serialize(system, new SubmitSweep(Guid.Empty, name, scenarios)));
            ClusterMember.AwaitUp(system, seed, deadline < JoinTimeout ? deadline : JoinTimeout);
            serializerReady.Wait();
            var outcomes = new TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
            var submit = new SubmitSweep(Guid.NewGuid(), name, scenarios, claimJournal?.Invoke());
            var clock = Stopwatch.StartNew();
            var sweepClient = system.ActorOf(SweepClient.Props(coordinator, submit, AnswerTimeout, onPoint, outcomes), "sweep-client");
            // The client stops after failing the outcomes: stopping before that is a bug, which must not leave this waiting.
            var clientStopped = sweepClient.WatchAsync();
            Task.WhenAny(outcomes.Task, clientStopped, system.WhenTerminated).Wait(deadline);
            if (outcomes.Task.IsCompleted)
            {
                var results = outcomes.Task.GetAwaiter().GetResult();
                // The sweep's own time, without this process's start-up and joining: what bench/cluster-sweep.sh compares.
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"actormigration: {name}: {results.Count} points in {clock.Elapsed.TotalSeconds:F2} s on the cluster"));
                return results;
            }
            // Downed or removed, the client's system stops its actors too: that, not the client's stop, is what happened.
            if (CoordinatedShutdown.Get(system).ShutdownReason is { } reason)
                throw new ClusterUnavailableException($"this client was removed from the cluster ({reason}) before the sweep ended");
            if (clientStopped.IsCompleted) throw new InvalidOperationException("the sweep client stopped without an outcome (see the log above)");
            throw new ClusterUnavailableException($"the sweep did not finish within its deadline of {deadline.TotalSeconds:0} s");
        }
        finally
        {
            // Leaving (rather than vanishing) spares the members a failure detection and a downing decision.
            CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).Wait(LeaveTimeout);
        }
    }

    private static void Serialize(ActorSystem system, object message) => system.Serialization.FindSerializerFor(message).ToBinary(message);
}
