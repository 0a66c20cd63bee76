using System.Reflection;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Journal;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Journal;

/// <summary>A scenario as the journal records it (<see cref="RunStarted"/>), and back: enough to run it again exactly.</summary>
public static class RunDescriptor
{
    /// <summary>This program's version, recorded with every run.</summary>
    public static string ProgramVersion { get; } =
        typeof(RunDescriptor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The record of <paramref name="scenario"/> as run <paramref name="runId"/> of <paramref name="scenarioName"/>.</summary>
    public static RunStarted Describe(string runId, string scenarioName, MigrationScenario scenario, JournalDetail detail) => new()
    {
        RunId = runId,
        Scenario = scenarioName,
        PlatformName = scenario.Platform.Name,
        PlatformYaml = scenario.Platform.SourceText,
        Mode = ScenarioNames.NameOf(ScenarioNames.Modes, scenario.Mode),
        Workers = scenario.Workers,
        Engine = scenario.Engine is { } e ? ScenarioNames.NameOf(ScenarioNames.Engines, e) : "",
        FolioBytes = scenario.FolioSize.Bytes,
        Folios = scenario.Folios,
        BatchPages = scenario.BatchPages,
        Reason = ScenarioNames.NameOf(ScenarioNames.Reasons, scenario.Reason),
        MigrateMode = scenario.MigrateMode == MigrateMode.Sync ? "sync" : "async",
        Seed = scenario.Seed,
        Eagain = scenario.Faults.Eagain,
        Ebusy = scenario.Faults.Ebusy,
        Enomem = scenario.Faults.Enomem,
        MappingMismatch = scenario.Faults.MappingMismatch,
        SourceNode = scenario.SourceNode,
        TargetNode = scenario.TargetNode,
        TaskCpu = scenario.TaskCpu,
        Placement = scenario.Placement == WorkerPlacement.Packed ? "packed" : "spread",
        ProgramVersion = ProgramVersion,
        Detail = detail.ToString().ToLowerInvariant(),
        StartedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), // metadata for people; no simulation reads it
    };

    /// <summary>The scenario a journal recorded, on the profile it recorded (not whatever is shipped now).</summary>
    /// <exception cref="JournalFormatException">The recorded scenario is one this build refuses to run.</exception>
    public static MigrationScenario Scenario(RunStarted run)
    {
        var scenario = Recorded(run);
        return scenario.Validate() is { } problem
            ? throw new JournalFormatException($"{run.RunId} recorded a scenario this build does not run ({problem.Key}: {problem.Message})")
            : scenario;
    }

    private static MigrationScenario Recorded(RunStarted run) => new()
    {
        Platform = PlatformProfileReader.Read(ConfigNode.Parse($"{run.RunId}:platform ({run.PlatformName})", run.PlatformYaml)),
        Mode = ScenarioNames.Modes[run.Mode],
        Workers = run.Workers,
        Engine = run.Engine.Length == 0 ? null : ScenarioNames.Engines[run.Engine],
        FolioSize = new ByteSize(run.FolioBytes),
        Folios = run.Folios,
        BatchPages = run.BatchPages,
        Reason = ScenarioNames.Reasons[run.Reason],
        MigrateMode = run.MigrateMode == "sync" ? MigrateMode.Sync : MigrateMode.Async,
        Seed = run.Seed,
        Faults = new FaultInjection(run.Eagain, run.Ebusy, run.Enomem, run.MappingMismatch),
        SourceNode = run.SourceNode,
        TargetNode = run.TargetNode,
        TaskCpu = run.TaskCpu,
        Placement = run.Placement == "spread" ? WorkerPlacement.Spread : WorkerPlacement.Packed,
    };
}
