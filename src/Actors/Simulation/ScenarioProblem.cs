namespace ActorMigration.Actors.Simulation;

/// <summary>Why a <see cref="MigrationScenario"/> cannot run: the setting at fault (named as the CLI and scenario files name it) and what was expected.</summary>
/// <param name="Key">The option or file key: <c>workers</c>, <c>folios</c>, <c>batch-pages</c>, <c>eagain</c>, <c>platform</c>, <c>engine</c> ...</param>
/// <param name="Message">What was expected and what was found.</param>
public sealed record ScenarioProblem(string Key, string Message);
