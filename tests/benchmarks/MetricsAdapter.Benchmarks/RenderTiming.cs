using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Api.Rendering;
using KernelTruth.MetricsAdapter.Selectors;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Benchmarks;

/// <summary>
/// One render of the big namespace's list, old way and new way alternated in the same run, each
/// round on a fresh publication: "old" is the adapter's former path (an ObjectReference and a
/// record per item, serialized by the source generator, <see cref="RecordListRenderer"/>), "new"
/// is <see cref="MetricResponder"/> as it serves now, first on the fresh publication (its
/// describedObjects written in the timing, what a publication costs) and then again (written
/// already). Every round checks the two bodies are the same bytes and times the gzip that follows.
/// </summary>
internal static class RenderTiming
{
    /// <summary>Rounds not counted: enough calls for the JIT's tiering to optimize the loops (a server runs long).</summary>
    private const int WarmUp = 8;

    public static RenderResult Run(int pods, int rounds, string metric, string selectorText)
    {
        var request = ApiRequest.Parse($"/apis/custom.metrics.k8s.io/v1beta2/namespaces/big/pods/*/{metric}");
        var selector = LabelSelectorParser.Parse(selectorText);
        var old = new List<double>();
        var fresh = new List<double>();
        var again = new List<double>();
        var gzip = new List<double>();
        int mismatches = 0, items = 0, bytes = 0;
        for (int round = -WarmUp; round < rounds; round++)
        {
            var ns = SyntheticPods.Namespace("big", pods, TimeProvider.System.GetUtcNow());
            var view = new MetricsView(round + WarmUp + 1, new Dictionary<string, NamespaceMetrics> { ["big"] = ns });
            byte[] oldBody = [], newBody = [];
            double oldMs = 0, freshMs = 0;
            if (round % 2 == 0)
            {
                oldMs = Time(() => oldBody = Old(ns, selector, metric, out items));
                freshMs = Time(() => newBody = MetricResponder.Respond(view, request, selector, LabelSelector.Everything).Body);
            }
            else
            {
                freshMs = Time(() => newBody = MetricResponder.Respond(view, request, selector, LabelSelector.Everything).Body);
                oldMs = Time(() => oldBody = Old(ns, selector, metric, out items));
            }

            double againMs = Time(() => MetricResponder.Respond(view, request, selector, LabelSelector.Everything));
            double gzipMs = Time(() => _ = new ApiResponse(200, newBody).Gzip);
            if (!oldBody.AsSpan().SequenceEqual(newBody))
            {
                mismatches++;
            }

            if (round >= 0)
            {
                old.Add(oldMs);
                fresh.Add(freshMs);
                again.Add(againMs);
                gzip.Add(gzipMs);
                bytes = newBody.Length;
            }
        }

        return new RenderResult(items, bytes, Median(old), Median(fresh), Median(again), Median(gzip), mismatches);
    }

    /// <summary>The responder's pod selection as it was, then the record serializer.</summary>
    private static byte[] Old(NamespaceMetrics ns, LabelSelector selector, string metric, out int items)
    {
        var list = new List<(ObjectReference Ref, KernelTruth.MetricsAdapter.Metrics.MetricSums Sums, double Value)>();
        foreach (var pod in ns.Pods)
        {
            if (selector.Matches(pod.Labels) && pod.Sums.Value(metric) is double v)
            {
                list.Add((new ObjectReference("Pod", ns.Name, pod.Name, "/v1"), pod.Sums, v));
            }
        }

        items = list.Count;
        return RecordListRenderer.Custom(ApiGroups.V1Beta2, metric, list);
    }

    /// <summary>
    /// CPU milliseconds of the whole process (clock_gettime CLOCK_PROCESS_CPUTIME_ID: every thread,
    /// server GC's included), not wall time: on this shared machine a render waits for a CPU longer
    /// than it runs, and nothing else in the process runs during this section.
    /// </summary>
    private static double Time(Action action)
    {
        long start = ProcessCpuNanoseconds();
        action();
        return (ProcessCpuNanoseconds() - start) / 1e6;
    }

    private static long ProcessCpuNanoseconds()
    {
        const int ClockProcessCpuTimeId = 2;
        return ClockGetTime(ClockProcessCpuTimeId, out var t) == 0 ? (t.Seconds * 1_000_000_000L) + t.Nanoseconds : throw new InvalidOperationException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <param name="Mismatches">Rounds whose old and new bodies differed (must be 0).</param>
internal sealed record RenderResult(int Items, int Bytes, double OldMs, double NewFreshMs, double NewAgainMs, double GzipMs, int Mismatches);
