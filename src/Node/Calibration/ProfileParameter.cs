using System.Globalization;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Node.Calibration;

/// <summary>One numeric scalar of a platform profile that the fitter may move: its key path, where its text sits in the
/// file, and its value in the unit the file wrote it in (<c>kernel.pte: 226ns</c> is 226 in <c>ns</c>).</summary>
/// <param name="Scalar">The scalar in the profile: key path (<c>kernel.pte</c>, <c>engines.ptdma.path_cap</c>), text and position.</param>
/// <param name="Kind">Time, bandwidth or plain number.</param>
/// <param name="Value">The number as written, in <paramref name="Unit"/>; always positive.</param>
/// <param name="Unit">The unit suffix as written (<c>ns</c>, <c>GB/s</c>), empty for a plain number.</param>
public sealed record ProfileParameter(ProfileScalar Scalar, ParameterKind Kind, double Value, string Unit)
{
    /// <summary>The key path, e.g. <c>kernel.pte</c> or <c>engines.ptdma.path_cap</c>.</summary>
    public string Key => Scalar.Key;

    /// <summary>Significant digits of a written value: far below any measurement's noise, short enough to read.</summary>
    public const int SignificantDigits = 5;

    /// <summary>The parameter a scalar makes, or null with <paramref name="whyNot"/> saying why it cannot be fitted.</summary>
    public static ProfileParameter? TryCreate(ProfileScalar scalar, out string whyNot)
    {
        var text = scalar.Text.Trim();
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or 'e' or 'E' or '+' or '-')) end++;
        var numberText = text[..end];
        var unit = text[end..].Trim();
        ParameterKind kind;
        if (SimTime.TryParse(text, out _) && unit.Length > 0) kind = ParameterKind.Time;
        else if (Bandwidth.TryParse(text, out _)) kind = ParameterKind.Bandwidth;
        else if (unit.Length == 0 && double.TryParse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            if (!numberText.Contains('.') && !numberText.Contains('e') && !numberText.Contains('E'))
            {
                whyNot = $"is a whole number ('{text}'): counts are structure, not calibration (write {text}.0 if it really is a continuous quantity)";
                return null;
            }
            kind = ParameterKind.Number;
        }
        else if (ByteSize.TryParse(text, out _))
        {
            whyNot = $"is a size ('{text}'), which shapes the run rather than timing it";
            return null;
        }
        else
        {
            whyNot = $"is not a number ('{text}')";
            return null;
        }
        var value = double.Parse(numberText, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!(value > 0) || !double.IsFinite(value))
        {
            whyNot = $"is '{text}': the fitter works on the logarithm of the value, so it needs a positive starting value";
            return null;
        }
        whyNot = "";
        return new ProfileParameter(scalar, kind, value, unit);
    }

    /// <summary>The scalar text for <paramref name="value"/> in this parameter's unit, to <see cref="SignificantDigits"/> digits.</summary>
    public string Format(double value) => FormatNumber(value) + Unit;

    /// <summary>The value that <see cref="Format"/> writes: what a profile with that text holds, in this parameter's unit.</summary>
    public double Quantize(double value) => double.Parse(FormatNumber(value), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string FormatNumber(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "A fitted value must be positive and finite");
        var decimals = Math.Clamp(SignificantDigits - 1 - (int)Math.Floor(Math.Log10(value)), 0, 15);
        return Math.Round(value, decimals, MidpointRounding.ToEven).ToString("0.###############", CultureInfo.InvariantCulture);
    }
}
