namespace KernelTruth.Models.Recommendations;

/// <summary>
/// How much history backs the recommendation. <paramref name="HistoryDays"/> is VPA's
/// min(span/24 h, minute samples/1440); <paramref name="Score"/> = d/(1 + d), the inverse of the
/// upper-bound multiplier: 12 h ⇒ 0.33, 24 h ⇒ 0.5, 1 week ⇒ 0.875.
/// </summary>
public sealed record RecommendationConfidence(double Score, double HistoryDays, TimeSpan HistoryLength, long MinuteSamples);
