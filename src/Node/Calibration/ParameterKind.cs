namespace ActorMigration.Node.Calibration;

/// <summary>What a fittable profile value measures; the fitter keeps the value's unit as the profile wrote it.</summary>
public enum ParameterKind
{
    /// <summary>A span of time with a unit (<c>226ns</c>, <c>1.45us</c>): a kernel or driver cost.</summary>
    Time,
    /// <summary>A data rate with a unit (<c>13.5GB/s</c>): a copy path, channel or link.</summary>
    Bandwidth,
    /// <summary>A plain decimal number (<c>0.55</c>, <c>3.37</c>): a share or a clock.</summary>
    Number,
}
