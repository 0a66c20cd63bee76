using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Supervision;

/// <summary>How a parent treats its failing children: a decider from exception to <see cref="Directive"/>, and a
/// restart budget (at most <see cref="MaxNrOfRetries"/> restarts within <see cref="WithinTimeRange"/> of virtual time).</summary>
public abstract class SupervisorStrategy
{
    /// <summary>A strategy with a decider and a restart budget; <paramref name="maxNrOfRetries"/> &lt; 0 means unlimited,
    /// a null <paramref name="withinTimeRange"/> means the budget never resets.</summary>
    protected SupervisorStrategy(int maxNrOfRetries, SimTime? withinTimeRange, Func<Exception, Directive> decider)
    {
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Akka's default: restart on any exception, stop on initialisation failure, kill or death pact; unlimited restarts.</summary>
    public static readonly SupervisorStrategy DefaultStrategy = new OneForOneStrategy(-1, null, DefaultDecider);

    /// <summary>Stops any child that fails.</summary>
    public static readonly SupervisorStrategy StoppingStrategy = new OneForOneStrategy(-1, null, _ => Directive.Stop);

    /// <summary>The default decider: Stop for <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/>
    /// and <see cref="DeathPactException"/>; Restart for everything else.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Maps a failure to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/> before the child is stopped instead; negative for no limit.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The virtual-time window the restart budget applies to; null for the whole run.</summary>
    public SimTime? WithinTimeRange { get; }

    /// <summary>True when the directive applies to every child of the supervisor, not only the failing one.</summary>
    public abstract bool AppliesToAllChildren { get; }

    /// <summary>Counts one more restart of a child and says whether it stays within the budget.</summary>
    internal bool RequestRestartPermission(ref ChildRestartStats stats, SimTime now)
    {
        if (MaxNrOfRetries < 0) return true;
        if (MaxNrOfRetries == 0) return false;
        if (WithinTimeRange is { } window && (stats.Count == 0 || now - stats.WindowStart > window))
        {
            stats = new ChildRestartStats(1, now);
            return true;
        }
        stats = stats with { Count = stats.Count + 1 };
        return stats.Count <= MaxNrOfRetries;
    }
}

/// <summary>Applies a directive to the failing child only.</summary>
public sealed class OneForOneStrategy(int maxNrOfRetries, SimTime? withinTimeRange, Func<Exception, Directive> decider)
    : SupervisorStrategy(maxNrOfRetries, withinTimeRange, decider)
{
    /// <summary>Unlimited restarts with the given decider.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    /// <inheritdoc />
    public override bool AppliesToAllChildren => false;
}

/// <summary>Applies Restart or Stop to every child when one fails (Resume affects only the failing one).</summary>
public sealed class AllForOneStrategy(int maxNrOfRetries, SimTime? withinTimeRange, Func<Exception, Directive> decider)
    : SupervisorStrategy(maxNrOfRetries, withinTimeRange, decider)
{
    /// <summary>Unlimited restarts with the given decider.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    /// <inheritdoc />
    public override bool AppliesToAllChildren => true;
}
