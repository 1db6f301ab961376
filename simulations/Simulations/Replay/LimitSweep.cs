using System.Globalization;

namespace KernelTruth.Simulations.Replay;

/// <summary>Replays one demand at a range of limits: the throttling/latency curve.</summary>
public static class LimitSweep
{
    /// <summary>
    /// Parses "FROM:COUNT:STEP" in cores or millicores ("100m:2:100m" = 100m, 200m). Errors name the part.
    /// </summary>
    public static IReadOnlyList<double> ParseRange(string text, out string? error)
    {
        error = null;
        string[] parts = (text ?? "").Split(':');
        if (parts.Length != 3)
        {
            error = $"--sweep '{text}' is not FROM:COUNT:STEP (e.g. 100m:10:100m)";
            return [];
        }

        if (!CpuQuantity.TryParseCores(parts[0], out double from) || from <= 0)
        {
            error = $"--sweep FROM '{parts[0]}' is not a CPU amount > 0 (e.g. 100m or 0.1)";
        }
        else if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is < 1 or > 1000)
        {
            error = $"--sweep COUNT '{parts[1]}' is not a whole number 1–1000";
        }
        else if (!CpuQuantity.TryParseCores(parts[2], out double step) || step <= 0)
        {
            error = $"--sweep STEP '{parts[2]}' is not a CPU amount > 0";
        }
        else
        {
            return [.. Enumerable.Range(0, count).Select(i => from + (i * step))];
        }

        return [];
    }

    public static IReadOnlyList<LimitPrediction> Run(DemandSeries demand, IEnumerable<double> limitsCores, double burstCores = 0)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var scratch = new double[demand.ArrivalsSeconds.Length];
        return [.. limitsCores.Select(l => BandwidthReplay.Run(demand, new BandwidthLimit(l, demand.PeriodSeconds, Math.Min(burstCores, l)), scratch))];
    }
}
