using System.Diagnostics;
using System.Globalization;
using KernelTruth.Reports.Benchmarks;
using KernelTruth.Reports.Model;
using KernelTruth.Reports.Prediction;
using KernelTruth.Reports.Render;

// Usage: dotnet run -c Release --project tests/benchmarks/Reports.Benchmarks [-- --workloads N --runs R]
int workloads = Arg("--workloads", 2000);
int runs = Arg("--runs", 7);
var facts = SyntheticFleet.Create(workloads);
var builder = new ReportBuilder(new PriceBook(), Grouping.Parse("label:team"), StatedForecast.Instance);
var now = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

double build = Median(runs, () => builder.Build(facts, "synthetic", now));
Report report = builder.Build(facts, "synthetic", now);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workloads} workloads, median of {runs} runs after one warm-up; build (price, predict, sort, group) {build:0.0} ms"));
var results = new Dictionary<ReportFormat, (double Ms, long Bytes)>();
foreach (ReportFormat format in Enum.GetValues<ReportFormat>())
{
    long bytes = 0;
    double ms = Median(runs, () =>
    {
        using var writer = new StringWriter();
        ReportRenderers.Render(report, format, writer);
        bytes = writer.GetStringBuilder().Length;
    });
    results[format] = (ms, bytes);
}

double md = results[ReportFormat.Markdown].Ms;
foreach (var (format, (ms, bytes)) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{format,-9} {ms,8:0.0} ms  ratio to md {ms / md,5:0.00}  {bytes / 1024.0,8:0} KiB"));
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(int runs, Action action)
{
    action(); // warm-up: JIT
    var times = new List<double>(runs);
    for (int i = 0; i < runs; i++)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    times.Sort();
    return times[runs / 2];
}
