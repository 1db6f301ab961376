using System.Globalization;
using k8s.Models;
using KernelTruth.Cluster.Vpa;
using KernelTruth.Contracts.Units;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Startup;
using KernelTruth.Models.Throttling;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.Cluster.Profiles;

/// <summary>
/// Builds a WorkloadProfile (pure). Quantities as the VPA status writes them (whole millicores, memory
/// rounded up to a MiB); ratios and seconds as numbers rounded to 6 significant places so that tiny float
/// noise does not make every cycle a write. Evidence lines say which windows, percentiles and SLO.
/// </summary>
public static class WorkloadProfileBuilder
{
    public static WorkloadProfile Build(ProfileInputs inputs, IReadOnlyList<VpaCondition>? previousConditions, double lowConfidenceBelowDays, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var r = inputs.Recommendation;
        var m = inputs.Measured;
        var e = r.Evidence;
        var ns = inputs.Workload.Namespace;
        bool low = r.Confidence.HistoryDays < lowConfidenceBelowDays;
        return new WorkloadProfile
        {
            Metadata = new V1ObjectMeta
            {
                Name = ProfileNaming.Name(inputs.Workload, inputs.Container),
                NamespaceProperty = ns,
                Labels = ProfileNaming.Labels(inputs.Workload, inputs.Container),
            },
            Spec = new WorkloadProfileSpec
            {
                TargetRef = new CrossVersionObjectReference { ApiVersion = inputs.Workload.ApiVersion, Kind = inputs.Workload.Kind, Name = inputs.Workload.Name },
                ContainerName = inputs.Container,
            },
            Status = new WorkloadProfileStatus
            {
                LastUpdated = Conditions.Rfc3339(now),
                WindowSeconds = m.WindowSeconds,
                Pods = m.Pods,
                Measured = new ProfileMeasured
                {
                    UsageAverageCores = Round(m.UsageAverageCores),
                    DemandCores = new ProfilePercentiles(Round(inputs.Demand.P50), Round(inputs.Demand.P95), Round(inputs.Demand.P99)),
                    ThrottledPeriodsRatio = Round(m.ThrottledPeriodsRatio),
                    ThrottleWaitSeconds = new ProfileWait(Round(m.ThrottleWaitSeconds(0.5)), Round(m.ThrottleWaitSeconds(0.99))),
                    ContentionWaitSeconds = new ProfileWait(Round(m.ContentionWaitSeconds(0.5)), Round(m.ContentionWaitSeconds(0.99))),
                    OomKills = m.OomKills,
                    MemoryPeakBytes = m.MemoryPeakBytes,
                    Startup = Startup(inputs.Startup),
                },
                Current = Current(inputs.Current),
                Recommendation = new ProfileRecommendation
                {
                    CpuRequest = Quantity.FormatCpu(r.Cpu.RequestCores),
                    CpuLimit = r.Cpu.LimitCores is double l ? Quantity.FormatCpu(l) : null,
                    MemoryRequest = Memory(r.Memory.RequestBytes),
                    MemoryLimit = r.Memory.LimitBytes is long ml ? Memory(ml) : null,
                    Confidence = Round(r.Confidence.Score),
                    Evidence = Evidence(r),
                    Startup = StartupAdvice(e.Startup),
                },
                Baseline = new ProfileBaseline { CpuRequest = Quantity.FormatCpu(r.Baseline.Cpu.RequestCores), MemoryRequest = Memory(r.Baseline.Memory.RequestBytes) },
                Predicted = Predicted(inputs.Simulated, e.AtRecommendedLimit),
                Forecast = Forecast(inputs.Forecast),
                Conditions =
                [
                    Conditions.Make(
                        VpaConditionTypes.LowConfidence,
                        low,
                        low ? "ShortHistory" : "EnoughHistory",
                        Text($"{r.Confidence.HistoryDays:0.###} days of history (LowConfidence below {lowConfidenceBelowDays:0.##})"),
                        previousConditions,
                        now),
                    Conditions.Make(VpaConditionTypes.RecommendationProvided, true, "RecommendationProvided", Text($"from {e.Intervals} intervals, {e.Periods} CFS periods"), previousConditions, now),
                ],
            },
        };
    }

    /// <summary>
    /// The engine's numbers when it has them, the model's beside them; extrapolated when either rests on
    /// demand reconstructed above an old limit (the replay takes its sample as known, the model knows
    /// which part of it was censored).
    /// </summary>
    private static ProfilePrediction? Predicted(LimitPrediction? simulated, ThrottlePrediction? model)
    {
        var fromModel = model is null ? null : new ProfileModelPrediction { ThrottledPeriodsRatio = Round(model.ThrottledPeriodsRatio), ThrottleWaitP99Seconds = Round(model.ThrottleWaitP99Seconds) };
        if (simulated is not null)
        {
            return new ProfilePrediction
            {
                CpuLimit = Quantity.FormatCpu(simulated.LimitCores),
                ThrottledPeriodsRatio = Round(simulated.ThrottledPeriodsRatio),
                ThrottleWaitP99Seconds = Round(simulated.ThrottleWaitP99Seconds),
                Extrapolated = simulated.Extrapolated || model is { Extrapolated: true },
                Source = "simulation",
                UsageCores = Round(simulated.UsageCores),
                Confidence = Round(simulated.Confidence),
                Model = fromModel,
            };
        }

        return model is null ? null : new ProfilePrediction
        {
            CpuLimit = Quantity.FormatCpu(model.LimitCores),
            ThrottledPeriodsRatio = fromModel!.ThrottledPeriodsRatio,
            ThrottleWaitP99Seconds = fromModel.ThrottleWaitP99Seconds,
            Extrapolated = model.Extrapolated,
            Source = "model",
        };
    }

    private static ProfileForecast? Forecast(Recommender.Forecast.DemandForecast? f) => f is null ? null : new ProfileForecast
    {
        CpuDemandCores = Round(f.Cores),
        Source = f.Source,
        Reason = f.Reason,
        HorizonSeconds = Round(f.HorizonSeconds),
        ReactiveCores = Round(f.ReactiveCores),
        PredictedCores = f.PredictedCores is double p ? Round(p) : null,
        MadeAt = Conditions.Rfc3339(f.MadeAt),
    };

    private static ProfileResources Current(Attribution.CurrentResources c) => new()
    {
        CpuRequest = c.CpuRequestCores is double cr ? Quantity.FormatCpu(cr) : null,
        CpuLimit = c.CpuLimitCores is double cl ? Quantity.FormatCpu(cl) : null,
        MemoryRequest = c.MemoryRequestBytes is long mr ? Quantity.FormatBytes(mr) : null,
        MemoryLimit = c.MemoryLimitBytes is long ml ? Quantity.FormatBytes(ml) : null,
    };

    private static List<string> Evidence(Recommendation r)
    {
        var e = r.Evidence;
        var lines = new List<string>
        {
            Text($"request = P{e.RequestPercentile * 100:0.#} of {(e.RequestWindow >= TimeSpan.FromMinutes(1) ? "per-minute" : "per-period")} demand ({e.DemandAtRequestPercentileCores:0.###} cores) + {e.SafetyMargin:P0} margin, demand half-life {e.DemandHalfLife.TotalHours:0.#} h"),
        };
        if (e.SloLimitCores is double slo)
        {
            lines.Add(Text($"limit: the smallest meeting ≤ {e.ThrottledPeriodsSlo:P1} throttled periods and throttle wait p{e.ThrottleWaitPercentile * 100:0} ≤ {e.ThrottleWaitSlo.TotalMilliseconds:0.#} ms is {Quantity.FormatCpu(slo)}{(e.SloMet == false ? " (not met within maxAllowed)" : "")}"));
        }

        if (e.ContentionNote is { } contention)
        {
            lines.Add(contention);
        }

        lines.AddRange(e.Notes);
        return lines;
    }

    private static string Memory(long bytes) => Quantity.FormatBytes(Quantity.RoundUpToMebibyte(bytes));

    /// <summary>6 significant digits: enough for every figure shown, stable across cycles that change nothing.</summary>
    private static ProfileStartup? Startup(StartupSummary? s) => s is null ? null : new ProfileStartup
    {
        Starts = s.Starts,
        ReadySeconds = s.ReadySeconds is { } r ? new ProfileStartupPercentiles(Round(r.P50), Round(r.P90)) : null,
        CpuCoreSeconds = new ProfileStartupPercentiles(Round(s.CpuCoreSeconds.P50), Round(s.CpuCoreSeconds.P90)),
        ThrottledSeconds = new ProfileStartupPercentiles(Round(s.ThrottledSeconds.P50), Round(s.ThrottledSeconds.P90)),
        WarmupCpuCoreSeconds = s.WarmupCpuCoreSeconds is { } w ? new ProfileStartupPercentiles(Round(w.P50), Round(w.P90)) : null,
        WarmupThrottledSeconds = s.WarmupThrottledSeconds is { } t ? new ProfileStartupPercentiles(Round(t.P50), Round(t.P90)) : null,
    };

    private static ProfileStartupAdvice? StartupAdvice(StartupAdvice? a) => a is null ? null : new ProfileStartupAdvice
    {
        Throttled = a.Throttled,
        Fix = StartupAdvisor.Name(a.Fix),
        CpuLimit = a.LimitCores is double l ? Quantity.FormatCpu(l) : null,
        CpuBurstMicroseconds = a.BurstMicroseconds,
        ReadySeconds = Round(a.ReadySeconds),
        ParallelCores = Round(a.ParallelCores),
        PredictedAtCurrentSeconds = a.PredictedAtCurrentSeconds is double c ? Round(c) : null,
        PredictedAtRecommendedSeconds = a.PredictedAtRecommendedSeconds is double r ? Round(r) : null,
        PredictedWithBurstSeconds = a.PredictedWithBurstSeconds is double b ? Round(b) : null,
        UnthrottledSeconds = Round(a.UnthrottledSeconds),
        PredictedReadySeconds = Round(a.PredictedReadySeconds),
    };

    private static double Round(double value) =>
        value == 0 || !double.IsFinite(value) ? 0 : Math.Round(value, Math.Clamp(5 - (int)Math.Floor(Math.Log10(Math.Abs(value))), 0, 15));

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
