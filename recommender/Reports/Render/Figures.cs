using KernelTruth.Contracts.Units;
using System.Globalization;
using KernelTruth.Reports.Input;

namespace KernelTruth.Reports.Render;

/// <summary>How numbers read in the human formats (Markdown, HTML); invariant culture throughout.</summary>
public static class Figures
{
    public const string Unknown = "n/a";

    /// <summary>A request or limit: "450m", or <paramref name="unset"/> when there is none.</summary>
    public static string Cpu(double? cores, string unset = "none") => cores is double c ? Quantity.FormatMillicores(c) : unset;

    public static string Memory(long? bytes, string unset = "none") => bytes is long b ? Quantity.FormatBytesReadable(b) : unset;

    /// <summary>Measured cores, which need not be whole millicores: 0.4123 ⇒ "412m".</summary>
    public static string Cores(double? cores) => cores is double c ? Quantity.FormatMillicores(c) : Unknown;

    /// <summary>"$1,234.56", "-$3.20".</summary>
    public static string Money(double dollars) =>
        (dollars < -0.005 ? "-$" : "$") + Math.Abs(dollars).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A 0..1 ratio as a percentage: 0.12 ⇒ "12.0%", 0.004 ⇒ "0.4%".</summary>
    public static string Percent(double? ratio) => ratio is double r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : Unknown;

    /// <summary>Seconds as milliseconds: 0.045 ⇒ "45ms", 0.003 ⇒ "3.0ms", 0.0001 ⇒ "0.10ms".</summary>
    public static string Millis(double? seconds)
    {
        if (seconds is not double s)
        {
            return Unknown;
        }

        double ms = s * 1000;
        string format = ms >= 10 ? "0" : ms >= 1 ? "0.0" : "0.00";
        return ms.ToString(format, CultureInfo.InvariantCulture) + "ms";
    }

    public static string Count(long? n) => n is long v ? v.ToString(CultureInfo.InvariantCulture) : Unknown;

    public static string Confidence(double? c) => c is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : Unknown;

    /// <summary>Plain number for machine formats, rounded to <paramref name="decimals"/> (+ 0.0 turns −0 into 0).</summary>
    public static string Plain(double? value, int decimals) =>
        value is double v ? (Math.Round(v, decimals, MidpointRounding.AwayFromZero) + 0.0).ToString("0.##########", CultureInfo.InvariantCulture) : "";

    public static string Plain(long? value) => value is long v ? v.ToString(CultureInfo.InvariantCulture) : "";
}
