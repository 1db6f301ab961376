using KernelTruth.Reports.Input;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Prediction;
using KernelTruth.Reports.Render;

namespace KernelTruth.Reports.Tests.Fakes;

/// <summary>The checked-in fixture (Fixtures/profiles.json, prices.yaml) and reports built from it at a fixed time.</summary>
internal static class Fixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 16, 30, 0, TimeSpan.Zero);

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The source tree's copy, which UPDATE_GOLDEN=1 rewrites.</summary>
    public static string SourcePathOf(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "..", "Fixtures", name);

    public static Report Report(Grouping? grouping = null)
    {
        using var stream = File.OpenRead(PathOf("profiles.json"));
        var (workloads, notes) = ProfileReader.Read(stream, "--from profiles.json");
        PriceBook prices = PriceFileReader.Read(PathOf("prices.yaml"), new PoolPrice(PriceDefaults.CpuCoreHour, PriceDefaults.MemoryGibHour));
        return new ReportBuilder(prices, grouping ?? Grouping.Namespace, StatedForecast.Instance).Build(workloads, "workload profiles (profiles.json)", Now, notes);
    }

    public static string Render(Report report, ReportFormat format)
    {
        using var writer = new StringWriter();
        ReportRenderers.Render(report, format, writer);
        return writer.ToString();
    }

    /// <summary>One hand-made workload; only what a test sets differs from a plain, unthrottled container.</summary>
    public static WorkloadFacts Workload(string ns = "shop", string name = "web", string container = "app") => new()
    {
        Namespace = ns,
        Kind = "Deployment",
        Name = name,
        Container = container,
        UsageAverageCores = 0.3,
        DemandP50Cores = 0.25,
        DemandP95Cores = 0.5,
        DemandP99Cores = 0.7,
        ThrottledPeriodsRatio = 0,
        ThrottleWaitP99Seconds = 0,
        ContentionWaitP99Seconds = 0.001,
        OomKills = 0,
        MemoryPeakBytes = 100L << 20,
        Current = new ResourceAmounts(1.0, 1.0, 512L << 20, 512L << 20),
        Recommended = new ResourceAmounts(0.5, 0.8, 256L << 20, 256L << 20),
        Baseline = new ResourceAmounts(0.4, null, 200L << 20, null),
        Confidence = 0.9,
        StatedPrediction = new ThrottleOutlook(0.8, 0.001, 0.0, false),
    };
}
