using System.Buffers.Binary;
using System.Numerics;

namespace ActorMigration.Node.Journal;

/// <summary>CRC-32C (Castagnoli, as in iSCSI and ext4 metadata), the checksum every journal event carries.</summary>
public static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>Folds <paramref name="data"/> into a running, not yet finalized, CRC register.</summary>
    private static uint Update(uint register, ReadOnlySpan<byte> data)
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
}
