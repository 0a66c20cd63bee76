using ActorMigration.Node.Cluster;
using Akka.TestKit;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>A sweep client's side of <see cref="PointsFinished"/>, for probes of a coordinator that tells each point at once.</summary>
internal static class FinishedPoints
{
    /// <summary>The point of the next <see cref="PointsFinished"/>, which must carry one point, and that one <paramref name="isIt"/>.</summary>
    public static PointFinished ExpectPoint(this TestProbe client, Predicate<PointFinished>? isIt = null, TimeSpan? within = null)
    {
        var point = Assert.Single(client.ExpectMsg<PointsFinished>(within).Points);
        Assert.True(isIt?.Invoke(point) ?? true, $"point {point.Index + 1} (index {point.Index}) was not the one expected");
        return point;
    }
}
