using System.Globalization;

namespace KernelTruth.Cli.Output;

/// <summary>How numbers read on a terminal: cores to 3 decimals (millicores), waits in ms, memory in MiB.</summary>
internal static class Units
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>0.3 → "0.300"; null → "none" (no limit).</summary>
    public static string Cores(double? cores) => cores is double c ? c.ToString("0.000", Invariant).Replace("-0.000", "0.000", StringComparison.Ordinal) : "none";

    /// <summary>
    /// An upper bound in cores; at or above <paramref name="ceiling"/> (the models' 1000-core grid end,
    /// where a bound lands with almost no history) it is "unbounded".
    /// </summary>
    public static string UpperBound(double cores, double ceiling = Models.ModelDefaults.MaxCpuCores) =>
        cores >= ceiling ? "unbounded" : Cores(cores);

    /// <summary>0.954 → "95.4%".</summary>
    public static string Percent(double ratio) => (ratio * 100).ToString("0.0", Invariant) + "%";

    /// <summary>Seconds as a person reads them: 0.0123 → "12.3ms", 2.5 → "2.5s", 90 → "90s", 0 → "0".</summary>
    public static string Duration(double seconds)
    {
        if (seconds == 0)
        {
            return "0";
        }

        if (seconds < 1e-3)
        {
            return (seconds * 1e6).ToString("0", Invariant) + "µs";
        }

        if (seconds < 1)
        {
            return (seconds * 1e3).ToString(seconds < 0.01 ? "0.0" : "0", Invariant) + "ms";
        }

        return seconds.ToString(seconds < 10 ? "0.#" : "0", Invariant) + "s";
    }

    /// <summary>Bytes in MiB: 104857600 → "100.0 MiB"; null → "none".</summary>
    public static string Bytes(long? bytes) => bytes is long b ? (b / 1024.0 / 1024.0).ToString("0.0", Invariant) + " MiB" : "none";

    /// <summary>A rate with one decimal: 12.34 → "12.3".</summary>
    public static string Rate(double perSecond) => perSecond.ToString("0.0", Invariant);

    /// <summary>Invariant number formatting for text built outside Spectre markup.</summary>
    public static string Number(double value, string format = "0.###") => value.ToString(format, Invariant);
}
