using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Actors.Fabric;

/// <summary>Up to <see cref="Capacity"/> shared resources (memory controllers, socket link, engine path...) that a transfer crosses, by fabric index.</summary>
public readonly record struct ResourceSet(short R0, short R1, short R2, short R3, short R4, short R5)
{
    /// <summary>The most resources one transfer can cross.</summary>
    public const int Capacity = 6;

    /// <summary>A set of the given resource indices.</summary>
    public static ResourceSet Of(params int[] resources)
    {
        if (resources.Length > Capacity) throw new ArgumentException($"A transfer crosses at most {Capacity} shared resources", nameof(resources));
        var r = new short[Capacity];
        Array.Fill(r, (short)-1);
        for (var i = 0; i < resources.Length; i++) r[i] = checked((short)resources[i]);
        return new ResourceSet(r[0], r[1], r[2], r[3], r[4], r[5]);
    }

    /// <summary>This set followed by <paramref name="route"/>'s resources: an initiator's own paths plus the memory a copy goes
    /// between. Without allocating, as it runs once per copy.</summary>
    public ResourceSet With(ResourceSet route)
    {
        var result = this;
        var at = Count;
        for (var i = 0; i < Capacity && route[i] >= 0; i++, at++)
            result = at switch
            {
                0 => result with { R0 = (short)route[i] },
                1 => result with { R1 = (short)route[i] },
                2 => result with { R2 = (short)route[i] },
                3 => result with { R3 = (short)route[i] },
                4 => result with { R4 = (short)route[i] },
                5 => result with { R5 = (short)route[i] },
                _ => throw new InvalidOperationException($"A transfer crosses at most {Capacity} shared resources"),
            };
        return result;
    }

    /// <summary>How many resources the set holds.</summary>
    public int Count
    {
        get
        {
            var n = 0;
            while (n < Capacity && this[n] >= 0) n++;
            return n;
        }
    }

    /// <summary>The empty set.</summary>
    public static ResourceSet None => new(-1, -1, -1, -1, -1, -1);

    /// <summary>The resource at position <paramref name="i"/>, or -1.</summary>
    public int this[int i] => i switch { 0 => R0, 1 => R1, 2 => R2, 3 => R3, 4 => R4, 5 => R5, _ => -1 };
}

/// <summary>Starts moving <paramref name="Bytes"/> across <paramref name="Resources"/>, never faster than <paramref name="CapBytesPerSec"/>
/// (the initiator's own limit: one CPU thread, one DMA channel). The fabric answers <see cref="TransferDone"/> with the same token.</summary>
public sealed record StartTransfer(long Token, long Bytes, double CapBytesPerSec, ResourceSet Resources) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => StableHash.Combine(StableHash.Combine((ulong)Token, (ulong)Bytes), CapBytesPerSec);
}

/// <summary>The transfer with this token has moved all its bytes.</summary>
public sealed record TransferDone(long Token) : ITraceDigest
{
    /// <inheritdoc />
    public ulong PayloadDigest() => (ulong)Token;
}
