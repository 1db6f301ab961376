using KernelTruth.Models.Estimation;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Input;
using KernelTruth.Models.Memory;
using KernelTruth.Models.Recommendations;

namespace KernelTruth.Models.Baseline;

/// <summary>
/// The stock VPA recommender, reproduced: per-minute usage samples (what metrics-server shows) into
/// VPA's CPU histogram (weight 0.1, 24 h half-life, bucket upper edges), per-24 h memory peaks with
/// the OOM bump, and VPA's estimator chain in integer millicores and bytes.
/// </summary>
/// <remarks>
/// CPU: target = P90·1.15, lower = P50·1.15·(1 + 0.001/d)^−2, upper = P95·1.15·(1 + 1/d), each at
/// least 25 m / containers; memory the same on peaks with 250 MiB / containers; then min/maxAllowed
/// capping (uncappedTarget is before it). Worked example: one day of 0.1-core minutes ⇒ P = 0.1103
/// ⇒ 110 m; target 110 + trunc(16.5) = 126 m; lower trunc(126·(1 + 0.001)^−2) = 125 m; upper 252 m.
/// A sample is the minute's average rounded up to a millicore (Quantity.MilliValue).
/// </remarks>
// A mutable struct inside WorkloadModel, reached by ref: one object header and reference fewer per container. Never
// copy it to change it.
internal struct VpaBaseline
{
    private MinuteAverager _minutes = new();
    private HistoryConfidence _history = new();

    // Inline, with the shared VpaDefaults.CpuShape passed in: one object per container fewer than a histogram object of its own.
    // Its 176 buckets fit a 16-bit index: 10 bytes an entry, the weights VPA's doubles.
    private DecayingWeights<ExactWeight16> _cpu = new();

    private DailyPeaks _memory = new();

    public VpaBaseline()
    {
    }

    /// <summary>By reference: a struct inside this one.</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public ref DailyPeaks Memory => ref _memory;

    /// <summary>By reference: the tracker is a struct inside this one (one header fewer per container).</summary>
    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    public ref HistoryConfidence History => ref _history;

    [System.Diagnostics.CodeAnalysis.UnscopedRef]
    internal ref MinuteAverager Minutes => ref _minutes;

    public readonly int RetainedBytes => _cpu.RetainedBytes + _memory.RetainedBytes;

    public readonly HistogramState CpuState() => _cpu.ToState(VpaDefaults.CpuShape);

    public void RestoreCpu(HistogramState state) => _cpu.Restore(VpaDefaults.CpuShape, state);

    /// <summary>
    /// The mean of the per-minute CPU samples in cores: bucket midpoints weighted by their decayed weights, so a
    /// minute a day old counts half. E.g. buckets [0.10, 0.11) with weight 3 and [0.20, 0.22) with weight 1 give
    /// (3 × 0.105 + 1 × 0.21) / 4 = 0.13125. Null before the first minute.
    /// </summary>
    public readonly double? MeanCpuCores()
    {
        if (_cpu.IsEmpty || !(_cpu.TotalWeight > 0))
        {
            return null;
        }

        IBucketScheme scheme = VpaDefaults.CpuShape.Scheme;
        double sum = 0;
        for (int i = 0; i < _cpu.EntryCount; i++)
        {
            int b = _cpu.BucketAt(i);
            sum += _cpu.WeightAt(i) * (scheme.BucketStart(b) + scheme.BucketEnd(b)) / 2;
        }

        return sum / _cpu.TotalWeight;
    }

    /// <summary>Adds an interval; returns the finished minute it closed, if any, for the per-minute demand to share.</summary>
    public MinuteSample? Add(WorkloadInterval interval)
    {
        MinuteSample? finished = _minutes.Add(interval);
        if (finished is MinuteSample minute)
        {
            AddMinute(minute);
        }

        if (interval.OomKills > 0)
        {
            Memory.RecordOom(VpaDefaults.MemoryShape, interval.Time, interval.MemoryRequestBytes ?? 0, VpaDefaults.OomMinBumpUpBytes, VpaDefaults.OomBumpUpRatio);
        }

        return finished;
    }

    /// <summary>One metrics-server sample, as VPA's cluster feeder would add it.</summary>
    public void AddMinute(MinuteSample minute)
    {
        // metrics-server reports nanocores; MilliValue rounds up. Rounding to nanocores first keeps
        // 0.1 core at 100 m instead of 0.1·1000 = 100.00000000000001 ⇒ 101 m.
        long nanocores = (long)Math.Round(minute.UsageCores * 1e9, MidpointRounding.AwayFromZero);
        long millicores = (nanocores + 999_999) / 1_000_000;
        _cpu.AddSample(VpaDefaults.CpuShape, millicores / 1000.0, VpaDefaults.CpuSampleWeight, minute.Time);
        History.Record(minute.Time);
        Memory.AddSample(VpaDefaults.MemoryShape, minute.MemoryBytes, minute.Time);
    }

    public readonly BaselineRecommendation Estimate(RecommendationPolicy policy, double? limitRequestRatio)
    {
        double days = _history.Days;
        double fraction = 1.0 / policy.ContainersInPod;
        var amounts = Amounts.VpaResourceAmount;
        double minCpu = amounts.Apply(amounts.Apply(VpaDefaults.PodMinCpuMillicores * 0.001 * 1000.0) * fraction);
        double minMemory = amounts.Apply(amounts.Apply(VpaDefaults.PodMinMemoryMb * 1024 * 1024) * fraction);

        var cpu = new BoundsEstimator(VpaDefaults.TargetPercentile, VpaDefaults.LowerBoundPercentile, VpaDefaults.UpperBoundPercentile, VpaDefaults.SafetyMargin, minCpu, amounts, scale: 1000.0)
            .Estimate(new UpperEdgeSource<ExactWeight16>(VpaDefaults.CpuShape, _cpu), days);
        var memory = new BoundsEstimator(VpaDefaults.TargetPercentile, VpaDefaults.LowerBoundPercentile, VpaDefaults.UpperBoundPercentile, VpaDefaults.SafetyMargin, minMemory, amounts)
            .Estimate(_memory.AsQuantileSource(VpaDefaults.MemoryShape), days);

        double? minCpuAllowed = policy.MinCpuCores is double a ? Math.Ceiling(a * 1000.0) : null;
        double? maxCpuAllowed = policy.MaxCpuCores is double b ? Math.Floor(b * 1000.0) : null;
        double target = ClampEstimator.Clamp(cpu.Target, minCpuAllowed, maxCpuAllowed);
        double? limit = limitRequestRatio is double r && policy.ControlledValues == ControlledValues.RequestsAndLimits ? Math.Ceiling(target * r) / 1000.0 : null;
        var cpuRecommendation = new CpuRecommendation(
            target / 1000.0,
            limit,
            ClampEstimator.Clamp(cpu.Lower, minCpuAllowed, maxCpuAllowed) / 1000.0,
            ClampEstimator.Clamp(cpu.Upper, minCpuAllowed, maxCpuAllowed) / 1000.0,
            cpu.Target / 1000.0);

        double memoryTarget = ClampEstimator.Clamp(memory.Target, policy.MinMemoryBytes, policy.MaxMemoryBytes);
        var memoryRecommendation = new MemoryRecommendation(
            (long)memoryTarget,
            null,
            (long)ClampEstimator.Clamp(memory.Lower, policy.MinMemoryBytes, policy.MaxMemoryBytes),
            (long)ClampEstimator.Clamp(memory.Upper, policy.MinMemoryBytes, policy.MaxMemoryBytes),
            (long)memory.Target);

        return new BaselineRecommendation(cpuRecommendation, memoryRecommendation, days);
    }
}
