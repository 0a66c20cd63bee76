using Akka.Actor;

namespace ActorMigration.Actors.Migrate;

/// <summary>The one place the batch copy dispatches through: at most one active migrator, the reasons it may serve, and an
/// SRCU-style drain so that unregistering waits until no batch that may still use the migrator is in flight.</summary>
/// <remarks>Protocol: <see cref="RegisterMigrator"/> → <see cref="MigratorRegistered"/> (-EBUSY if one is active);
/// <see cref="AcquireMigrator"/> → <see cref="MigratorLease"/> (null: copy on the CPU), later <see cref="ReleaseMigrator"/>;
/// <see cref="UnregisterMigrator"/> → <see cref="MigratorUnregistered"/> once the last lease is released. From the moment
/// unregistration starts no new lease is granted, so the drain always ends.
/// An empty registry: every batch is copied by the CPU until a migrator registers.</remarks>
public sealed class MigratorRegistry : ActorBase
{
    private IActorRef? _active;
    private IReadOnlySet<MigrateReason> _reasons = new HashSet<MigrateReason>();
    private readonly Dictionary<IActorRef, int> _inFlight = [];
    private readonly List<(IActorRef Migrator, IActorRef Requester)> _draining = [];

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case RegisterMigrator register:
                Register(register);
                return true;
            case AcquireMigrator acquire:
                Acquire(acquire);
                return true;
            case ReleaseMigrator release:
                Release(release);
                return true;
            case UnregisterMigrator unregister:
                if (unregister.Migrator.Equals(_active)) _active = null;
                _draining.Add((unregister.Migrator, Sender));
                if (!_inFlight.ContainsKey(unregister.Migrator)) CompleteDrains(unregister.Migrator);
                return true;
            default:
                return false;
        }
    }

    private void Register(RegisterMigrator register)
    {
        if (_active is not null)
        {
            Sender.Tell(new MigratorRegistered(Errno.EBUSY), Self);
            return;
        }
        _active = register.Migrator;
        _reasons = register.Reasons;
        Sender.Tell(new MigratorRegistered(Errno.Success), Self);
    }

    private void Acquire(AcquireMigrator acquire)
    {
        if (_active is null || !_reasons.Contains(acquire.Reason))
        {
            Sender.Tell(new MigratorLease(null), Self);
            return;
        }
        _inFlight[_active] = _inFlight.GetValueOrDefault(_active) + 1;
        Sender.Tell(new MigratorLease(_active), Self);
    }

    private void Release(ReleaseMigrator release)
    {
        var left = _inFlight[release.Migrator] - 1;
        if (left > 0)
        {
            _inFlight[release.Migrator] = left;
            return;
        }
        _inFlight.Remove(release.Migrator);
        CompleteDrains(release.Migrator);
    }

    private void CompleteDrains(IActorRef migrator)
    {
        foreach (var (m, requester) in _draining.Where(d => d.Migrator.Equals(migrator)).ToArray())
        {
            requester.Tell(new MigratorUnregistered(m), Self);
            _draining.Remove((m, requester));
        }
    }
}
