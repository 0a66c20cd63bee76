namespace ActorMigration.Node.Calibration;

/// <summary>A scalar value of a YAML profile and where its text sits, so it can be replaced in place.</summary>
/// <param name="Key">The key path: mapping keys joined by dots; list items named by their <c>name</c> or <c>id</c> (else their index).</param>
/// <param name="Text">The scalar's value.</param>
/// <param name="Start">Offset of the scalar's first character in the text (its opening quote, if quoted).</param>
/// <param name="End">Offset just past the scalar's last character.</param>
/// <param name="Line">The 1-based line of the scalar.</param>
public sealed record ProfileScalar(string Key, string Text, int Start, int End, int Line);
