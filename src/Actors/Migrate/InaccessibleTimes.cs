using System.Collections;

namespace ActorMigration.Actors.Migrate;

/// <summary>The inaccessible times (unmap to remap, ps) of a call's migrated folios, ascending, held as runs of equal times. A batch
/// copy remaps its folios together, so most of a call's folios share their time with many others: a 2 GB call of 4K folios is 524,288
/// times in a few thousand runs. Held whole, every call allocated an array of all its times (4 MiB there), fresh pages the kernel
/// faults in one by one (~11 µs each on the measured VM), and a distributed sweep's client rebuilt one for every point it received.
/// Enumerating yields every time, in order, as that array did.</summary>
public sealed class InaccessibleTimes : IEquatable<InaccessibleTimes>, IReadOnlyList<long>
{
    /// <summary>No folio migrated.</summary>
    public static readonly InaccessibleTimes None = new([], []);

    private readonly long[] _times;
    private readonly int[] _ends;

    /// <param name="times">Each run's time, ascending, each once.</param>
    /// <param name="ends">Each run's end: how many times there are up to and including that run.</param>
    private InaccessibleTimes(long[] times, int[] ends) => (_times, _ends) = (times, ends);

    /// <summary>The times of <paramref name="sorted"/> (ascending, never negative).</summary>
    public static InaccessibleTimes FromSorted(ReadOnlySpan<long> sorted)
    {
        // Counted first, so that the two arrays are allocated once, at their size.
        var runs = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            Check(sorted[i], i > 0 ? sorted[i - 1] : null, nameof(sorted));
            if (i == 0 || sorted[i] != sorted[i - 1]) runs++;
        }
        if (runs == 0) return None;
        var (times, ends) = (new long[runs], new int[runs]);
        for (int i = 0, run = -1; i < sorted.Length; i++)
        {
            if (i == 0 || sorted[i] != sorted[i - 1]) times[++run] = sorted[i];
            ends[run] = i + 1;
        }
        return new InaccessibleTimes(times, ends);
    }

    /// <summary>Refuses a negative time (remapped before it was unmapped), or one shorter than <paramref name="previous"/>, the time
    /// before it if there is one.</summary>
    internal static void Check(long ps, long? previous, string parameter)
    {
        if (ps < 0) throw new ArgumentException($"An inaccessible time of {ps} ps is negative: remapped before unmapped", parameter);
        if (ps < previous) throw new ArgumentException($"inaccessible times must ascend: {ps} ps after {previous} ps", parameter);
    }

    /// <summary>How many folios.</summary>
    public int Count => _ends.Length == 0 ? 0 : _ends[^1];

    /// <summary>The longest time; 0 when no folio migrated.</summary>
    public long Max => _times.Length == 0 ? 0 : _times[^1];

    /// <summary>The runs: each time with how many folios had it, ascending.</summary>
    public IEnumerable<(long Ps, int Count)> Runs => _times.Select((ps, run) => (ps, _ends[run] - (run == 0 ? 0 : _ends[run - 1])));

    /// <summary>The time of rank <paramref name="index"/> (0: the shortest).</summary>
    public long this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"{Count} inaccessible times");
            // The first run that ends after index; BinarySearch's complement is the insertion point when no run ends exactly there.
            var run = Array.BinarySearch(_ends, index + 1);
            return _times[run >= 0 ? run : ~run];
        }
    }

    /// <summary>Every time, ascending.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<long> IEnumerable<long>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The same times.</summary>
    public bool Equals(InaccessibleTimes? other) => other is not null && _times.AsSpan().SequenceEqual(other._times) && _ends.AsSpan().SequenceEqual(other._ends);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as InaccessibleTimes);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Count, Max);

    /// <summary>Walks the runs, yielding each time as many times as folios had it.</summary>
    public struct Enumerator : IEnumerator<long>
    {
        private readonly InaccessibleTimes _times;
        private int _run, _index;

        internal Enumerator(InaccessibleTimes times) => (_times, _run, _index) = (times, 0, -1);

        /// <inheritdoc/>
        public readonly long Current => _times._times[_run];

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            if (++_index >= _times.Count) return false;
            if (_index >= _times._ends[_run]) _run++;
            return true;
        }

        /// <inheritdoc/>
        public void Reset() => (_run, _index) = (0, -1);

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }

    /// <summary>Builds the times from runs given in ascending order of time.</summary>
    public sealed class Builder
    {
        private readonly List<long> _times = [];
        private readonly List<int> _ends = [];

        /// <summary>Adds <paramref name="count"/> folios whose time was <paramref name="ps"/>, no shorter than the ones added before.</summary>
        public void Add(long ps, int count)
        {
            Check(ps, _times.Count > 0 ? _times[^1] : null, nameof(ps));
            if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a run has at least one folio");
            var total = _ends.Count == 0 ? 0 : _ends[^1];
            if (count > int.MaxValue - total) throw new ArgumentOutOfRangeException(nameof(count), count, $"more than {int.MaxValue} folios");
            if (_times.Count > 0 && ps == _times[^1]) _ends[^1] = total + count;
            else
            {
                _times.Add(ps);
                _ends.Add(total + count);
            }
        }

        /// <summary>The times added.</summary>
        public InaccessibleTimes Build() => _times.Count == 0 ? None : new([.. _times], [.. _ends]);
    }
}
