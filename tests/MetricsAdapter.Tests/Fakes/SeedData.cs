using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Tests.Fakes;

/// <summary>
/// A fixed publication for response-shape tests. Namespace shop: web-a and web-b (app=web, owned
/// by Deployment web) and db-0 (app=db, StatefulSet db, no CPU request).
/// web-a: 30 of 100 periods throttled, demand 0.45 of 0.5 requested, throttle waits in slot 14
/// (p99 32.768 ms), contention in slot 5 (64 µs). web-b: 10 of 100, demand 0.25 of 0.5.
/// db-0: unlimited (0 periods), demand 1.5 cores, demand forecast 2 cores (web's pods have none: their forecast metric
/// falls back to their demand).
/// </summary>
internal static class SeedData
{
    public static readonly DateTimeOffset At = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly WorkloadRef Web = new("Deployment", "web");
    public static readonly WorkloadRef Db = new("StatefulSet", "db");

    public static void Publish(MetricsStore store) => store.Publish([Shop()]);

    public static NamespaceMetrics Shop() => new("shop",
    [
        new PodMetrics("web-a", Labels("web"), [Web], Sums(100, 30, 0.45, 0.5, throttleSlot: 14, waits: 30)),
        new PodMetrics("web-b", Labels("web"), [Web], Sums(100, 10, 0.25, 0.5, throttleSlot: 10, waits: 10)),
        new PodMetrics("db-0", Labels("db"), [Db], Sums(0, 0, 1.5, null, throttleSlot: 0, waits: 0) with { ForecastCores = 2.0 }),
    ]);

    private static Dictionary<string, string> Labels(string app) => new() { ["app"] = app };

    private static MetricSums Sums(long periods, long throttled, double demand, double? request, int throttleSlot, long waits)
    {
        var throttle = new long[MetricSums.WaitSlots];
        throttle[throttleSlot] = waits;
        var contention = new long[MetricSums.WaitSlots];
        contention[5] = 100;
        return new MetricSums(At, 60, periods, throttled, throttle, contention, demand, request);
    }
}
