using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Runtime.Randomness;

/// <summary>The seeded random source of a simulation (xoshiro256**), with named sub-streams.</summary>
/// <remarks>Our own generator rather than <see cref="Random"/>: its sequence is fixed by this code, not by
/// the .NET version. A fork depends only on the parent's seed and the name, never on how much the
/// parent has drawn, so adding a consumer of randomness does not shift any other stream.</remarks>
public sealed class SimRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream seeded with <paramref name="seed"/>.</summary>
    public SimRandom(ulong seed)
    {
        Seed = seed;
        var x = seed;
        _s0 = Next(ref x); _s1 = Next(ref x); _s2 = Next(ref x); _s3 = Next(ref x);

        static ulong Next(ref ulong state) => StableHash.Mix(state += 0x9e3779b97f4a7c15);
    }

    /// <summary>The seed this stream started from.</summary>
    public ulong Seed { get; }

    /// <summary>An independent stream named <paramref name="name"/>, the same for the same seed and name.</summary>
    public SimRandom Fork(string name) => new(StableHash.Combine(Seed, StableHash.Of(name)));

    /// <summary>64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            var product = Math.BigMul(r, bound, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>True with probability <paramref name="p"/> (0 never draws, so a disabled fault site costs nothing).</summary>
    public bool Chance(double p) => p > 0 && (p >= 1 || NextDouble() < p);
}
