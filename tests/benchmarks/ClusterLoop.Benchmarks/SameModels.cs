using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;
using KernelTruth.Simulations.Replay;

namespace KernelTruth.ClusterLoop.Benchmarks;

/// <summary>
/// Every workload the same model: 30 minutes of 10 s intervals, 70 of 100 periods at 0.2 cores and 30 at 0.8. Its
/// recommendation is made once per policy, so the benchmark times the writers, not the model.
/// </summary>
internal sealed class SameModels(IReadOnlyCollection<string> workloads, DateTimeOffset start) : IModelView
{
    private readonly WorkloadModel _model = Bursty(start);
    private readonly Dictionary<RecommendationPolicy, Recommendation> _byPolicy = [];

    public IReadOnlyCollection<string> Workloads => workloads;

    public long IntervalsOf(string workload) => _model.IntervalCount;

    public Recommendation? Recommend(string workload, RecommendationPolicy policy, DateTimeOffset now)
    {
        if (!_byPolicy.TryGetValue(policy, out var recommendation))
        {
            _byPolicy[policy] = recommendation = _model.Recommend(policy, start.AddMinutes(30));
        }

        return recommendation;
    }

    public LimitPrediction? PredictedEffect(string workload, Recommendation recommendation) => null;

    public double? DemandCores(string workload, double p) => p < 0.9 ? 0.2 : 0.8;

    public static WorkloadInterval Interval(DateTimeOffset time) => new()
    {
        Time = time,
        Duration = TimeSpan.FromSeconds(10),
        UsageCores = (0.7 * 0.2) + (0.3 * 0.8),
        PeriodUsage = [new UsageBucket(0.2, 0.2, 70), new UsageBucket(0.8, 0.8, 30)],
        MemoryBytes = 200L << 20,
        MemoryPeakBytes = 200L << 20,
    };

    private static WorkloadModel Bursty(DateTimeOffset start)
    {
        var model = new WorkloadModel();
        for (int i = 1; i <= 180; i++)
        {
            model.Add(Interval(start.AddSeconds(10 * i)));
        }

        return model;
    }
}
