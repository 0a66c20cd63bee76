using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>FsCheck generators shared by the property tests.</summary>
public static class Generators
{
    /// <summary>Any 64-bit seed.</summary>
    public static Gen<ulong> Seed { get; } =
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select ((ulong)(uint)hi << 32) | (uint)lo;
}
