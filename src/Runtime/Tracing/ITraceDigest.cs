namespace ActorMigration.Runtime.Tracing;

/// <summary>A message whose payload takes part in the trace hash, not only its type.</summary>
/// <remarks>Implement it on messages whose content decides the outcome of a run (which folio, how many
/// bytes), with <see cref="StableHash.Combine(ulong, ulong)"/> over the fields.</remarks>
public interface ITraceDigest
{
    /// <summary>A stable digest of the message's fields.</summary>
    ulong PayloadDigest();
}
