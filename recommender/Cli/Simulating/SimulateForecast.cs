using System.Globalization;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Output;
using KernelTruth.Simulations.Forecast;
using KernelTruth.Simulations.Hpa;
using Spectre.Console;

namespace KernelTruth.Cli.Simulating;

/// <summary>
/// `ktruth simulate hpa --signal Forecast`: the forecaster learns from every series but the last week, then the held-out
/// week is replayed through the HPA on metrics-server CPU, demand utilization and the forecast. The series are
/// generated (eight diurnal/weekly workloads from --seed) and, with --minutes, a recorded per-minute demand is the
/// workload replayed.
/// </summary>
internal static class SimulateForecast
{
    private const int Week = 7 * 1440;

    public static int Run(CliEnvironment env, HpaSettings settings, int seed, string? minutesFile)
    {
        var series = DiurnalTrace.Workloads(seed).ToList();
        if (minutesFile is not null)
        {
            series.Add(ReadMinutes(minutesFile));
        }

        int length = series.Min(s => s.Length);
        int split = (length / Week - 1) * Week;
        var result = ForecastBacktest.Run([.. series.Select(s => s[..length])], DiurnalTrace.FirstMinute, split, settings, seed);
        var errors = new Table().Title($"Forecast {result.HorizonMinutes} min ahead (pod start {Units.Duration(settings.PodStartDelay.TotalSeconds)} + sync {Units.Duration(settings.SyncPeriod.TotalSeconds)}), held-out week, {result.TrainingExamples} training examples")
            .AddColumns("method", "MAPE", "pinball(0.9), cores");
        foreach (var e in new[] { result.Model, result.SeasonalNaive, result.Persistence })
        {
            errors.AddRow(Markup.Escape(e.Method), Units.Percent(e.Mape), Units.Number(e.Pinball90, "0.0000"));
        }

        env.Console.Write(errors);
        var hpa = new Table().Title($"HPA replay of the held-out week, target {Units.Number(settings.Target)} of a {Units.Number(settings.RequestCores)}-core request; the forecast fell back to the reactive value for {result.FallbackMinutes} of {Week} minutes")
            .AddColumns("signal", "under-provisioned minutes", "replica-hours", "max replicas");
        foreach (var (name, h) in new[] { ("CpuAverage", result.CpuAverage), ("DemandUtilization", result.DemandUtilization), ("Forecast", result.Forecast) })
        {
            hpa.AddRow(name, h.UnderProvisionedMinutes.ToString(CultureInfo.InvariantCulture), Units.Number(h.ReplicaHours, "0.0"), h.MaxReplicas.ToString(CultureInfo.InvariantCulture));
        }

        env.Console.Write(hpa);
        return CliExitCodes.Ok;
    }

    /// <summary>One number per line: cores in each minute from a Monday 00:00 UTC, at least three weeks.</summary>
    private static double[] ReadMinutes(string path)
    {
        var values = new List<double>();
        int line = 0;
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"--minutes {path}: {ex.Message}", CliExitCodes.InvalidInput, ex);
        }

        foreach (string text in lines)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
            {
                throw new CliFailure($"--minutes {path}:{line}: '{text.Trim()}' is not a number of cores ≥ 0 (one per minute)", CliExitCodes.InvalidInput);
            }

            values.Add(v);
        }

        if (values.Count < 3 * Week)
        {
            throw new CliFailure($"--minutes {path} holds {values.Count} minutes; the forecast needs three weeks ({3 * Week} minutes): one to fill its history, one to learn from, one to judge it on", CliExitCodes.InvalidInput);
        }

        return [.. values];
    }
}
