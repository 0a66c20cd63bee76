using ActorMigration.Runtime.Logging;
using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Runtime.Tests.Logging;

/// <summary>A simulation system logs nowhere but standard error: before its loggers start, while they run, and after they
/// stop. A warning on standard output once put a line above a sweep's CSV header.</summary>
public sealed class StandardErrorLoggerTests
{
    [Fact]
    public void A_worlds_system_logs_only_on_standard_error()
    {
        using var world = SimulationWorld.Create("logs", 1);
        var settings = world.System.Settings;
        Assert.IsType<StandardErrorLogger>(settings.StdoutLogger);
        Assert.All(settings.Loggers, l => Assert.Equal(StandardErrorLogger.TypeName, l));
        Assert.NotEmpty(settings.Loggers);
    }
}
