namespace ActorMigration.Runtime.Tracing;

/// <summary>64-bit hashes that are the same in every process and on every run (unlike <see cref="string.GetHashCode()"/>).</summary>
public static class StableHash
{
    private const ulong FnvOffset = 0xcbf29ce484222325;
    private const ulong FnvPrime = 0x100000001b3;

    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="text"/>, finished with a 64-bit mix.</summary>
    public static ulong Of(string text)
    {
        var h = FnvOffset;
        foreach (var c in text)
        {
            h = (h ^ (byte)c) * FnvPrime;
            h = (h ^ (byte)(c >> 8)) * FnvPrime;
        }
        return Mix(h);
    }

    /// <summary>Combines a running hash with one more value (order-sensitive).</summary>
    public static ulong Combine(ulong hash, ulong value) => Mix(hash ^ (value + 0x9e3779b97f4a7c15 + (hash << 6) + (hash >> 2)));

    /// <summary>Combines a running hash with a double, by its exact bit pattern.</summary>
    public static ulong Combine(ulong hash, double value) => Combine(hash, (ulong)BitConverter.DoubleToInt64Bits(value));

    /// <summary>The splitmix64 finaliser: spreads every input bit over the whole word.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }
}
