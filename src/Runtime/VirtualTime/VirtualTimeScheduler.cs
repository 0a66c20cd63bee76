using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>Akka's scheduler for a simulation system (<c>akka.scheduler.implementation</c>): everything scheduled becomes an
/// event of the system's <see cref="SimulationWorld"/>, and the clocks read virtual time, so Akka <c>Timers</c>,
/// <c>ScheduleTellOnce</c> and Ask timeouts are virtual.</summary>
/// <remarks>Akka creates the scheduler before any dispatcher, so the world is born here.</remarks>
public sealed class VirtualTimeScheduler : SchedulerBase, IDisposable
{
    /// <summary>Akka's own scheduler, for work scheduled outside any simulation actor (Ask timeouts of the driving code,
    /// Akka's housekeeping): it keeps the wall clock it was written for and never moves virtual time.</summary>
    private readonly HashedWheelTimerScheduler _outside;

    /// <summary>What <see cref="TimeNow"/> reads at virtual time zero: fixed, so nothing depends on the day of the run.</summary>
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Akka's constructor for schedulers: <paramref name="config"/> is the system's configuration.</summary>
    public VirtualTimeScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
        World = new SimulationWorld(SimulationConfig.SeedOf(config));
        _outside = new HashedWheelTimerScheduler(config, log);
    }

    /// <summary>The world whose clock this is.</summary>
    public SimulationWorld World { get; }

    /// <inheritdoc />
    protected override DateTimeOffset TimeNow => Epoch + MonotonicClock;

    /// <inheritdoc />
    public override TimeSpan MonotonicClock => TimeSpan.FromTicks(World.NowPs / PicosecondsPerTick);

    /// <inheritdoc />
    public override TimeSpan HighResMonotonicClock => MonotonicClock;

    /// <inheritdoc />
    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable)
    {
        if (World.SchedulesInWorld) World.ScheduleTell(ToPs(delay), receiver, message, sender, 0, cancelable);
        else ((ITellScheduler)_outside).ScheduleTellOnce(delay, receiver, message, sender, cancelable);
    }

    /// <inheritdoc />
    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable)
    {
        if (World.SchedulesInWorld) World.ScheduleTell(ToPs(initialDelay), receiver, message, sender, Period(interval), cancelable);
        else ((ITellScheduler)_outside).ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender, cancelable);
    }

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable)
    {
        if (World.SchedulesInWorld) World.Schedule(ToPs(delay), ScheduledWork.Call(action, 0, cancelable, World.CurrentMailbox));
        else ((IScheduler)_outside).Advanced.ScheduleOnce(delay, action, cancelable);
    }

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable)
    {
        if (World.SchedulesInWorld) World.Schedule(ToPs(delay), ScheduledWork.Run(action, 0, cancelable, World.CurrentMailbox));
        else ((IScheduler)_outside).Advanced.ScheduleOnce(delay, action, cancelable);
    }

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable)
    {
        if (World.SchedulesInWorld) World.Schedule(ToPs(initialDelay), ScheduledWork.Call(action, Period(interval), cancelable, World.CurrentMailbox));
        else ((IScheduler)_outside).Advanced.ScheduleRepeatedly(initialDelay, interval, action, cancelable);
    }

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable)
    {
        if (World.SchedulesInWorld) World.Schedule(ToPs(initialDelay), ScheduledWork.Run(action, Period(interval), cancelable, World.CurrentMailbox));
        else ((IScheduler)_outside).Advanced.ScheduleRepeatedly(initialDelay, interval, action, cancelable);
    }

    /// <summary>Stops the wall-clock scheduler's thread with the system.</summary>
    public void Dispose() => _outside.Dispose();

    private const long PicosecondsPerTick = 100_000;

    private static long ToPs(TimeSpan delay) => Math.Max(0, delay.Ticks) * PicosecondsPerTick;

    /// <summary>A period of zero would fire forever at one instant.</summary>
    private static long Period(TimeSpan interval) =>
        interval > TimeSpan.Zero ? interval.Ticks * PicosecondsPerTick : throw new ArgumentOutOfRangeException(nameof(interval), interval, "A repeated schedule needs a positive interval");
}
