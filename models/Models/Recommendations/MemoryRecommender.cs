using KernelTruth.Models.Estimation;
using KernelTruth.Models.Histograms;
using KernelTruth.Models.Memory;

namespace KernelTruth.Models.Recommendations;

/// <summary>
/// Memory request from per-window peaks: P95 of the peaks × (1 + 0.15); lower P50, upper P99 with
/// VPA's confidence multipliers; OOM kills have already added bumped peaks (see <see cref="DailyPeaks"/>).
/// Worked example: peaks of 200, 210 and 400 MiB (three days, equal weight) ⇒ P95 = 400 MiB (bucket
/// edge, ≤ 1 % above) ⇒ request ≈ 460 MiB. Bytes are rounded up.
/// </summary>
internal static class MemoryRecommender
{
    public static MemoryRecommendation Recommend(in DailyPeaks peaks, PeaksShape shape, RecommendationPolicy policy, double confidenceDays, List<string> notes)
    {
        var bounds = new BoundsEstimator(policy.MemoryPercentile, policy.MemoryLowerBoundPercentile, policy.MemoryUpperBoundPercentile, policy.SafetyMargin, 0.0, Amounts.Exact);
        var (target, lower, upper) = bounds.Estimate(peaks.AsQuantileSource(shape), confidenceDays);
        double min = policy.MinMemoryBytes ?? 0;
        double max = policy.MaxMemoryBytes ?? ModelDefaults.MaxMemoryBytes;
        long request = (long)Math.Ceiling(ClampEstimator.Clamp(target, min, max));
        if (ClampEstimator.Clamp(target, min, max) != target)
        {
            notes.Add($"memory request capped to {request} bytes by min/maxAllowed (uncapped {Math.Ceiling(target)})");
        }

        long lowerBound = Math.Min((long)Math.Ceiling(ClampEstimator.Clamp(lower, min, max)), request);
        long upperBound = Math.Max((long)Math.Ceiling(ClampEstimator.Clamp(double.IsFinite(upper) ? upper : max, min, max)), request);
        long? limit = policy.MemoryLimit == MemoryLimitMode.EqualToRequest ? request : null;
        return new MemoryRecommendation(request, limit, lowerBound, upperBound, (long)Math.Ceiling(Math.Min(target, ModelDefaults.MaxMemoryBytes)));
    }
}
