using System.Buffers.Binary;
using System.Numerics;

namespace ActorMigration.Runtime.Persistence;

/// <summary>CRC-32C (Castagnoli, as in iSCSI and ext4 metadata), the checksum stored with every journal and snapshot row.</summary>
public static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>Folds <paramref name="data"/> into a running, not yet finalized, CRC register.</summary>
    internal static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            register = BitOperations.Crc32C(register, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            register = BitOperations.Crc32C(register, b);
        }

        return register;
    }

    /// <summary>Folds the little-endian bytes of <paramref name="value"/> into a running CRC register.</summary>
    internal static uint Update(uint register, long value) => BitOperations.Crc32C(register, (ulong)value);
}
