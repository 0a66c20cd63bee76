using System.Collections.Immutable;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tiering;

/// <summary>A migrate_pages() call's folio list as every caller passes it: the pinned folios last, and how many they are. A call's
/// successes are the first of its list (<see cref="PutbackFolios"/>), so with the pinned ones last the report and the putback
/// agree on which folios stayed.</summary>
public static class PinnedFolios
{
    /// <summary><paramref name="folios"/> of <paramref name="workload"/> reordered, the ones its pin holds at <paramref name="now"/> last.</summary>
    public static (ImmutableArray<RegionFolios> List, int Pinned) Last(ImmutableArray<RegionFolios> folios, WorkloadSpec workload, SimTime now)
    {
        if (workload.Pin is not { } pin || !folios.Any(f => pin.Holds(f.Region, now))) return (folios, 0);
        var held = folios.Where(f => pin.Holds(f.Region, now)).ToArray();
        return ([.. folios.Where(f => !pin.Holds(f.Region, now)), .. held], held.Sum(f => f.Count));
    }
}
