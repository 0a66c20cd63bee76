using Akka.Actor;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>A delayed send booked with <see cref="SimulationContext.BookTellOnce"/>: until its time comes up in the world it can
/// be taken back, and its sender can tell whether it has come up yet.</summary>
/// <remarks>"Come up" means the world's driver reached its delivery key. A message arriving at the same virtual time is ordered
/// before or after it by the keys alone, so <see cref="IsPending"/> tells its sender, while handling that message, on which
/// side of the booked send the message fell: exactly as if the sender had booked a timer of its own for that key.</remarks>
public sealed class BookedSend : ICancelable
{
    private bool _cameUp;

    /// <summary>True until the send comes up or is cancelled.</summary>
    public bool IsPending => !_cameUp && !IsCancellationRequested;

    /// <inheritdoc />
    public bool IsCancellationRequested { get; private set; }

    /// <summary>Takes the send back: it is dropped unseen when its time comes (nothing if it already came up).</summary>
    public void Cancel() => IsCancellationRequested |= !_cameUp;

    /// <inheritdoc />
    public void Cancel(bool throwOnFirstException) => Cancel();

    /// <summary>Not in virtual time: a booked send is cancelled by its sender's own handling, never after a wall-clock delay.</summary>
    public CancellationToken Token => throw new NotSupportedException("A booked send has no wall-clock cancellation token");

    /// <inheritdoc cref="Token" />
    public void CancelAfter(TimeSpan delay) => throw new NotSupportedException("A booked send is not cancelled after a wall-clock delay");

    /// <inheritdoc cref="Token" />
    public void CancelAfter(int millisecondsDelay) => CancelAfter(TimeSpan.FromMilliseconds(millisecondsDelay));

    /// <summary>The world reached the send's key (called by the driver).</summary>
    internal void CameUp() => _cameUp = true;
}
