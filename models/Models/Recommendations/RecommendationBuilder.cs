using KernelTruth.Models.Throttling;

namespace KernelTruth.Models.Recommendations;

/// <summary>Assembles CPU, memory, confidence, evidence and the VPA baseline for one model.</summary>
internal static class RecommendationBuilder
{
    public static Recommendation Build(WorkloadModel model, RecommendationPolicy policy, DateTimeOffset now, ref ReplayMemo memo)
    {
        using var quantiles = model.Demand.Remember();
        var notes = new List<string>();
        var history = model.Baseline.History;
        double days = history.Days;
        CurrentSettings current = model.Current;

        CpuResult cpu = CpuRecommender.Recommend(model.Demand, in model.MinuteDemand, model.Shapes.MinuteDemand, policy, current, days, notes, ref memo);
        MemoryRecommendation memory = MemoryRecommender.Recommend(in model.Memory, model.Shapes.Memory, policy, days, notes);
        double? baselineRatio = policy.LimitRequestRatio ?? current.Ratio;
        BaselineRecommendation baseline = model.Baseline.Estimate(policy, baselineRatio);

        var throttle = new ThrottleModel(model.Demand);
        ThrottlePrediction? atCurrent = current.LimitCores is double l && !model.Demand.IsEmpty ? throttle.Predict(l, current.BurstCores, current.PeriodSeconds) : null;
        ThrottlePrediction? atBaseline = baseline.Cpu.LimitCores is double bl && !model.Demand.IsEmpty ? throttle.Predict(bl, current.BurstCores, current.PeriodSeconds) : null;
        if (model.Demand.IsEmpty)
        {
            notes.Add("no CPU periods observed yet: CPU values are the policy minimum");
        }

        string? contentionNote = model.Contention.Note(model.Shapes.Waits, policy.ContentionWaitThreshold);
        var evidence = new RecommendationEvidence
        {
            HistoryStart = history.FirstSample,
            HistoryEnd = history.LastSample,
            Staleness = model.LastIntervalTime is DateTimeOffset last ? now - last : null,
            Intervals = model.IntervalCount,
            Periods = model.Periods,
            DemandHalfLife = model.Shapes.Demand.HalfLife,
            RequestPercentile = policy.RequestPercentile,
            SafetyMargin = policy.SafetyMargin,
            DemandAtRequestPercentileCores = cpu.AtRequestPercentile.Cores,
            RequestBasis = cpu.AtRequestPercentile.Basis,
            RequestWindow = cpu.RequestWindow,
            RequestIncludesCensoredDemand = cpu.RequestIncludesCensoredDemand,
            CensoredMinutes = model.MinuteDemand.CensoredMinutes,
            DemandMeanCores = model.Demand.Mean,
            CensoredPeriodsShare = model.Demand.CensoredShare,
            ThrottledPeriodsSlo = policy.ThrottledPeriodsSlo,
            ThrottleWaitSlo = policy.ThrottleWaitSlo,
            ThrottleWaitPercentile = policy.ThrottleWaitPercentile,
            SloLimitCores = cpu.Slo?.LimitCores,
            SloMet = cpu.Slo?.SloMet,
            LimitBasis = cpu.LimitBasis,
            LimitRequestRatio = cpu.Ratio,
            AtRecommendedLimit = cpu.AtRecommendedLimit,
            CurrentLimitCores = current.LimitCores,
            AtCurrentLimit = atCurrent,
            AtBaselineLimit = atBaseline,
            MeasuredThrottledRatio = model.Throttle.ThrottledRatio,
            MeasuredThrottleWaitP99Seconds = model.Throttle.WaitP99Seconds(model.Shapes.Waits),
            ContentionWaitP50Seconds = model.Contention.PercentileSeconds(model.Shapes.Waits, 0.5),
            ContentionWaitP99Seconds = model.Contention.PercentileSeconds(model.Shapes.Waits, 0.99),
            ContentionNote = contentionNote,
            Notes = notes,
        };

        TimeSpan span = history.FirstSample is DateTimeOffset first && history.LastSample is DateTimeOffset end ? end - first : TimeSpan.Zero;
        var confidence = new RecommendationConfidence(history.Score, days, span, history.Samples);
        return new Recommendation(cpu.Recommendation, memory, confidence, evidence, baseline);
    }
}
