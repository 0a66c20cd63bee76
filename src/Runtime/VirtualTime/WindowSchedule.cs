using ActorMigration.Contracts.Units;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>The windows of a conservatively synchronised run: each starts at the global minimum next event time (empty time is
/// skipped) and lasts the lookahead, shortened to end just after the next stop (where the driver reads the partitions' counters).</summary>
/// <remarks>A message between partitions sent during <c>[T, T+L)</c> is due at <c>T+L</c> or later, so no partition can receive one
/// inside the window it is processing: each runs its window alone, then the windows' crossings are exchanged.</remarks>
public sealed class WindowSchedule
{
    private readonly long _lookaheadPs;
    private readonly IReadOnlyList<SimTime> _stops;
    private int _next;

    /// <summary>Windows of <paramref name="lookahead"/> (none: partitions never meet, a window runs to the next stop), ending at
    /// each of <paramref name="stops"/> (ascending) on the way.</summary>
    public WindowSchedule(SimTime? lookahead, IReadOnlyList<SimTime> stops)
    {
        _lookaheadPs = lookahead?.Picoseconds ?? long.MaxValue;
        _stops = stops;
    }

    /// <summary>True once the last stop is reached.</summary>
    public bool Done => _next == _stops.Count;

    /// <summary>Windows handed out so far.</summary>
    public long Windows { get; private set; }

    /// <summary>The next window, given the earliest event any partition (or any message between them) holds, null if none:
    /// its exclusive end, and the stop it reaches if it reaches one.</summary>
    public (SimTime End, SimTime? Stop) Next(long? nextEventPs)
    {
        if (Done) throw new InvalidOperationException("The run has reached its last stop");
        var stop = _stops[_next].Picoseconds;
        var start = Math.Min(nextEventPs ?? long.MaxValue, stop);
        var end = start > stop - _lookaheadPs ? stop + 1 : start + _lookaheadPs;
        Windows++;
        if (end != stop + 1) return (SimTime.FromPicoseconds(end), null);
        return (SimTime.FromPicoseconds(end), _stops[_next++]);
    }
}
