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

    /// <summary>Seconds with two decimals: 7.924 ⇒ "7.92s".</summary>
    public static string Seconds(double? seconds) => seconds is double s ? s.ToString("0.00", CultureInfo.InvariantCulture) + "s" : Unknown;

    /// <summary>CPU time with two decimals: 5.2 ⇒ "5.20 core-s".</summary>
    public static string CoreSeconds(double? coreSeconds) => coreSeconds is double c ? c.ToString("0.00", CultureInfo.InvariantCulture) + " core-s" : Unknown;

    /// <summary>
    /// The startup advice in one phrase: "burst 150000µs at 2000m: ready 0.35s → 0.25s", "limit 1820m: ready 7.92s →
    /// 2.10s", "recommended limit: ready 0.55s → 0.30s"; "" when there is none.
    /// </summary>
    public static string StartupFix(Model.StartupFixFacts? fix) => fix switch
    {
        null => "",
        { Kind: "burst" } f => $"burst {f.BurstMicroseconds.ToString(CultureInfo.InvariantCulture)}µs at {Cpu(f.LimitCores)}: ready {Seconds(f.ReadySeconds)} → {Seconds(f.PredictedReadySeconds)}",
        { Kind: "higherLimit" } f => $"limit {Cpu(f.LimitCores)}: ready {Seconds(f.ReadySeconds)} → {Seconds(f.PredictedReadySeconds)}",
        var f => $"recommended limit: ready {Seconds(f.ReadySeconds)} → {Seconds(f.PredictedReadySeconds)}",
    };

    public static string Count(long? n) => n is long v ? v.ToString(CultureInfo.InvariantCulture) : Unknown;

    public static string Confidence(double? c) => c is double v ? v.ToString("0.00", CultureInfo.InvariantCulture) : Unknown;

    /// <summary>Plain number for machine formats, rounded to <paramref name="decimals"/> (+ 0.0 turns −0 into 0).</summary>
    public static string Plain(double? value, int decimals) =>
        value is double v ? (Math.Round(v, decimals, MidpointRounding.AwayFromZero) + 0.0).ToString("0.##########", CultureInfo.InvariantCulture) : "";

    public static string Plain(long? value) => value is long v ? v.ToString(CultureInfo.InvariantCulture) : "";
}
