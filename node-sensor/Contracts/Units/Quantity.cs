using System.Globalization;
using System.Text.RegularExpressions;

namespace KernelTruth.Contracts.Units;

/// <summary>
/// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): a signed decimal number
/// followed by a binary suffix (Ki Mi Gi Ti Pi Ei = 2^10 … 2^60), a decimal suffix (n u m "" k M G T P E
/// = 10^-9 … 10^18) or a decimal exponent (e3, E-2). Values are kept as <see cref="decimal"/>, so
/// "1.5Gi", "1536Mi" and "1610612736" compare equal exactly. Worked example: "250m" = 0.25 (cores),
/// "1.5Gi" = 1.5 × 2^30 = 1 610 612 736 (bytes). This is the one parser every project uses (VPA policies,
/// pod resources, WorkloadProfiles, reports, what-if flags); the formats differ by purpose and are named so:
/// <see cref="FormatCpu"/> rounds up (a recommendation is never less than the model asked for),
/// <see cref="FormatMillicores"/> rounds to the nearest millicore (display), <see cref="FormatMilli"/> is the
/// canonical milli-unit form the HPA reads ("1500m", "2").
/// </summary>
public static partial class Quantity
{
    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1_000m,
        ["M"] = 1_000_000m,
        ["G"] = 1_000_000_000m,
        ["T"] = 1_000_000_000_000m,
        ["P"] = 1_000_000_000_000_000m,
        ["E"] = 1_000_000_000_000_000_000m,
        ["Ki"] = 1L << 10,
        ["Mi"] = 1L << 20,
        ["Gi"] = 1L << 30,
        ["Ti"] = 1L << 40,
        ["Pi"] = 1L << 50,
        ["Ei"] = 1L << 60,
    };

    private static readonly (string Suffix, long Factor)[] BinaryDescending =
        [("Ei", 1L << 60), ("Pi", 1L << 50), ("Ti", 1L << 40), ("Gi", 1L << 30), ("Mi", 1L << 20), ("Ki", 1L << 10)];

    /// <summary>Parses a quantity; false (and a reason) for anything Kubernetes would reject or that overflows.</summary>
    public static bool TryParse(string? text, out decimal value, out string? error)
    {
        value = 0;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a quantity cannot be empty";
            return false;
        }

        var match = Grammar().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a Kubernetes quantity (expected e.g. 250m, 1.5, 512Mi, 1G, 1e3)";
            return false;
        }

        if (!decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{text}' has a number out of range";
            return false;
        }

        try
        {
            decimal factor;
            if (match.Groups["exp"].Success)
            {
                if (!int.TryParse(match.Groups["exp"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) || exponent is < -18 or > 18)
                {
                    error = $"'{text}' has an exponent outside [-18, 18]";
                    return false;
                }

                factor = Pow10(exponent);
            }
            else
            {
                factor = Suffixes[match.Groups["suffix"].Value];
            }

            value = number * factor;
            if (match.Groups["sign"].Value == "-")
            {
                value = -value;
            }

            return true;
        }
        catch (OverflowException)
        {
            error = $"'{text}' is too large";
            return false;
        }
    }

    /// <summary>
    /// Parses a quantity that may not be negative (a request, a limit, a node's size) as a double:
    /// "450m" → 0.45, "300Mi" → 314 572 800. False for anything <see cref="TryParse(string?, out decimal, out string?)"/>
    /// rejects and for negative values.
    /// </summary>
    public static bool TryParseNonNegative(string? text, out double value)
    {
        value = 0;
        if (!TryParse(text, out decimal exact, out _) || exact < 0)
        {
            return false;
        }

        value = (double)exact;
        return true;
    }

    /// <summary>Parses a quantity or throws <see cref="FormatException"/> naming the problem.</summary>
    public static decimal Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>CPU cores as whole millicores, rounded up: 0.4501 → "451m"; 2 → "2000m".</summary>
    public static string FormatCpu(double cores)
    {
        if (!double.IsFinite(cores) || cores < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cores), cores, "CPU must be finite and ≥ 0");
        }

        // The model already rounds to whole millicores; the epsilon keeps 0.45 (0.45000000000000001) at 450m.
        long millis = (long)Math.Ceiling(Math.Round(cores * 1000, 6));
        return millis.ToString(CultureInfo.InvariantCulture) + "m";
    }

    /// <summary>Cores as the nearest whole millicores, for display: 0.45 → "450m", 2 → "2000m", 0.0004 → "0m".</summary>
    public static string FormatMillicores(double cores) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(cores * 1000, MidpointRounding.AwayFromZero):0}m");

    /// <summary>
    /// The canonical milli-unit form, as the HPA reads it (<c>MilliValue()</c>): 1.5 → "1500m", 2 → "2",
    /// 0.0004 → "0". Rounded half away from zero to the millidecimal; finer detail is lost, as it would be in
    /// the HPA. Not a number or infinite becomes "0", as prometheus-adapter does, so one broken value cannot
    /// make a list unparsable.
    /// </summary>
    public static string FormatMilli(double value)
    {
        Span<byte> utf8 = stackalloc byte[MaxMilliLength];
        TryFormatMilli(value, utf8, out int written);
        return System.Text.Encoding.ASCII.GetString(utf8[..written]);
    }

    /// <summary>Room for any <see cref="TryFormatMilli"/> text: the clamp keeps it within "-8999999999999999m", 18 bytes.</summary>
    public const int MaxMilliLength = 20;

    /// <summary>
    /// <see cref="FormatMilli"/> written as UTF-8 straight into <paramref name="utf8"/>, for the metrics
    /// adapter's lists (9 000 values per answer, no string each). False when the span is shorter than
    /// <see cref="MaxMilliLength"/> may need.
    /// </summary>
    public static bool TryFormatMilli(double value, Span<byte> utf8, out int written)
    {
        long milli = double.IsFinite(value)
            ? checked((long)Math.Round(Math.Clamp(value, -9e12, 9e12) * 1000, MidpointRounding.AwayFromZero))
            : 0;
        if (milli % 1000 == 0)
        {
            return (milli / 1000).TryFormat(utf8, out written, default, CultureInfo.InvariantCulture);
        }

        if (!milli.TryFormat(utf8, out written, default, CultureInfo.InvariantCulture) || written >= utf8.Length)
        {
            return false;
        }

        utf8[written++] = (byte)'m';
        return true;
    }

    /// <summary>Bytes with a binary suffix and at most one decimal, for display: 314572800 → "300Mi", 1610612736 → "1.5Gi".</summary>
    public static string FormatBytesReadable(double bytes)
    {
        string[] units = ["", "Ki", "Mi", "Gi", "Ti", "Pi"];
        int u = 0;
        double v = bytes;
        while (Math.Abs(v) >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(v, 1, MidpointRounding.AwayFromZero):0.#}{units[u]}");
    }

    /// <summary>Bytes in the largest binary suffix that divides them exactly: 314572800 → "300Mi"; 1000 → "1000".</summary>
    public static string FormatBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        foreach (var (suffix, factor) in BinaryDescending)
        {
            if (bytes != 0 && bytes % factor == 0)
            {
                return (bytes / factor).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Bytes rounded up to a whole MiB, as recommendations are written (at most 1 MiB more, never less).</summary>
    public static long RoundUpToMebibyte(long bytes)
    {
        const long MiB = 1L << 20;
        return bytes <= 0 ? 0 : checked((bytes + MiB - 1) / MiB * MiB);
    }

    /// <summary>Parses a CPU quantity to cores.</summary>
    public static double ParseCpuCores(string text) => (double)Parse(text);

    /// <summary>Parses a memory quantity to whole bytes, rounded up (Kubernetes rounds fractional bytes up too).</summary>
    public static long ParseBytes(string text) => (long)decimal.Ceiling(Parse(text));

    private static decimal Pow10(int exponent)
    {
        decimal result = 1m;
        for (int i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent >= 0 ? result : 1m / result;
    }

    [GeneratedRegex(@"^(?<sign>[+-])?(?<number>[0-9]+(\.[0-9]*)?|\.[0-9]+)(?:(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE](?<exp>[+-]?[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
