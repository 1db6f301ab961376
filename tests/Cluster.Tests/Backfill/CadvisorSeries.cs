using System.Globalization;
using System.Text;

namespace KernelTruth.Cluster.Tests.Backfill;

/// <summary>
/// 14 days of cAdvisor-shaped series, one sample a minute, written as OpenMetrics for <c>promtool tsdb
/// create-blocks-from openmetrics</c>. What is written (the tests check the models against these numbers):
/// <list type="bullet">
/// <item>shop/web (Deployment, ReplicaSet web-5d4f8), container "app", limit 0.2: live pods web-a and web-b for the
/// whole 14 days and web-5d4f8-x7k2p, a replica gone since day 7. Each uses 0.12 + 0.03·sin(2π·t/1 d) cores, 600
/// periods a minute (all active), none throttled; working set 200 MiB.</item>
/// <item>shop/db (StatefulSet), pod db-0, container "postgres", limit 1: 0.9 cores flat, 600 periods a minute of which
/// 240 throttled (40 %), PSI waiting 0.05 s/s, working set 1 GiB, one OOM event on day 10.</item>
/// <item>shop/web-a's pod cgroup (container "") and sandbox ("POD") at 5 cores, which the queries must leave out; and
/// other/lost-7f9c-abcde, a pod of no live workload, which nothing asks for.</item>
/// </list>
/// </summary>
internal static class CadvisorSeries
{
    public const double WebMeanCores = 0.12;
    public const double WebSwingCores = 0.03;
    public const double DbCores = 0.9;
    public const double DbThrottledRatio = 0.4;
    public const long WebWorkingSet = 200L << 20;
    public const long DbWorkingSet = 1L << 30;
    public const int Days = 14;

    private const double Day = 86_400;
    private const int PeriodsPerMinute = 600;

    /// <summary>Writes the file; <paramref name="end"/> is the last sample's time (unix seconds, a whole minute).</summary>
    public static void Write(string path, long end)
    {
        long start = end - (Days * 86_400L);
        long half = start + (7 * 86_400L);
        var web = new[] { ("web-a", start, end), ("web-b", start, end), ("web-5d4f8-x7k2p", start, half) };
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);

        // CPU: the integral of the usage rate, so that increase() over any step gives the rate's mean times the step.
        w.Write("# TYPE container_cpu_usage_seconds counter\n");
        foreach (var (pod, from, to) in web)
        {
            Counter(w, "container_cpu_usage_seconds_total", "shop", pod, "app", from, to, t => (WebMeanCores * (t - from)) - (WebSwingCores * Day / (2 * Math.PI) * (Math.Cos(2 * Math.PI * t / Day) - Math.Cos(2 * Math.PI * from / Day))));
        }

        Counter(w, "container_cpu_usage_seconds_total", "shop", "db-0", "postgres", start, end, t => DbCores * (t - start));
        Counter(w, "container_cpu_usage_seconds_total", "shop", "web-a", "", start, end, t => 5.0 * (t - start));
        Counter(w, "container_cpu_usage_seconds_total", "shop", "web-a", "POD", start, end, t => 5.0 * (t - start));
        Counter(w, "container_cpu_usage_seconds_total", "other", "lost-7f9c-abcde", "app", start, end, t => 0.5 * (t - start));

        w.Write("# TYPE container_cpu_cfs_periods counter\n");
        foreach (var (pod, from, to) in web)
        {
            Counter(w, "container_cpu_cfs_periods_total", "shop", pod, "app", from, to, t => PeriodsPerMinute / 60.0 * (t - from));
        }

        Counter(w, "container_cpu_cfs_periods_total", "shop", "db-0", "postgres", start, end, t => PeriodsPerMinute / 60.0 * (t - start));

        w.Write("# TYPE container_cpu_cfs_throttled_periods counter\n");
        foreach (var (pod, from, to) in web)
        {
            Counter(w, "container_cpu_cfs_throttled_periods_total", "shop", pod, "app", from, to, _ => 0);
        }

        Counter(w, "container_cpu_cfs_throttled_periods_total", "shop", "db-0", "postgres", start, end, t => DbThrottledRatio * PeriodsPerMinute / 60.0 * (t - start));

        w.Write("# TYPE container_memory_working_set_bytes gauge\n");
        foreach (var (pod, from, to) in web)
        {
            Counter(w, "container_memory_working_set_bytes", "shop", pod, "app", from, to, _ => WebWorkingSet);
        }

        Counter(w, "container_memory_working_set_bytes", "shop", "db-0", "postgres", start, end, _ => DbWorkingSet);

        w.Write("# TYPE container_oom_events counter\n");
        Counter(w, "container_oom_events_total", "shop", "db-0", "postgres", start, end, t => t >= start + (10 * 86_400L) ? 1 : 0);

        w.Write("# TYPE container_pressure_cpu_waiting_seconds counter\n");
        Counter(w, "container_pressure_cpu_waiting_seconds_total", "shop", "db-0", "postgres", start, end, t => 0.05 * (t - start));
        w.Write("# EOF\n");
    }

    /// <summary>One sample a minute from <paramref name="from"/> to <paramref name="to"/> of <paramref name="value"/>(t).</summary>
    private static void Counter(StreamWriter w, string name, string ns, string pod, string container, long from, long to, Func<long, double> value)
    {
        string labels = $"{name}{{namespace=\"{ns}\",pod=\"{pod}\",container=\"{container}\"}} ";
        for (long t = from; t <= to; t += 60)
        {
            w.Write(labels);
            w.Write(Math.Max(0, value(t)).ToString("R", CultureInfo.InvariantCulture));
            w.Write(' ');
            w.Write(t.ToString(CultureInfo.InvariantCulture));
            w.Write('\n');
        }
    }
}
