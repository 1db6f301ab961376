using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Benchmarks;

/// <summary>
/// Deterministic synthetic workloads shaped like a real fleet: 40 namespaces, 8 teams, 1–6 pods,
/// requests 50 m–4 cores and 64 Mi–8 Gi, a quarter of them throttled, some under-provisioned.
/// </summary>
internal static class SyntheticFleet
{
    public static List<WorkloadFacts> Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var list = new List<WorkloadFacts>(count);
        for (int i = 0; i < count; i++)
        {
            double request = Math.Round(0.05 + (random.NextDouble() * 4), 3);
            double usage = request * (0.1 + (random.NextDouble() * 1.1));
            double p95 = usage * 1.8;
            double p99 = usage * 2.4;
            bool throttled = random.NextDouble() < 0.25;
            double? limit = random.NextDouble() < 0.7 ? Math.Round(request * 1.5, 3) : null;
            long memory = (64L << 20) * (1 + random.Next(128));
            list.Add(new WorkloadFacts
            {
                Namespace = $"ns-{i % 40:00}",
                Kind = i % 5 == 0 ? "StatefulSet" : "Deployment",
                Name = $"app-{i:0000}",
                Container = i % 3 == 0 ? "sidecar" : "main",
                Labels = new Dictionary<string, string> { ["team"] = $"team-{i % 8}" },
                Pods = 1 + random.Next(6),
                WindowSeconds = 86400,
                UsageAverageCores = usage,
                DemandP50Cores = usage * 0.9,
                DemandP95Cores = p95,
                DemandP99Cores = p99,
                ThrottledPeriodsRatio = throttled ? random.NextDouble() * 0.4 : random.NextDouble() * 0.005,
                ThrottleWaitP99Seconds = throttled ? random.NextDouble() * 0.2 : 0,
                ContentionWaitP99Seconds = random.NextDouble() * 0.02,
                OomKills = random.NextDouble() < 0.02 ? 1 : 0,
                MemoryPeakBytes = (long)(memory * (0.3 + random.NextDouble())),
                Current = new ResourceAmounts(request, limit, memory, memory * 2),
                Recommended = new ResourceAmounts(Math.Round(p95 * 0.6, 3), Math.Round(p99 * 1.1, 3), (long)(memory * 0.7), (long)(memory * 1.2)),
                Baseline = new ResourceAmounts(Math.Round(usage * 1.15, 3), null, (long)(memory * 0.6), null),
                Confidence = random.NextDouble(),
                StatedPrediction = new ThrottleOutlook(Math.Round(p99 * 1.1, 3), random.NextDouble() * 0.01, random.NextDouble() * 0.008, random.NextDouble() < 0.1),
                Evidence = ["request = p90 of per-minute demand over 1d + 15% margin", "limit = smallest meeting the SLO"],
            });
        }

        return list;
    }
}
