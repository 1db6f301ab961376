using System.Diagnostics;
using System.Globalization;
using System.Net;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.MetricsAdapter.Api;
using KernelTruth.MetricsAdapter.Api.Rendering;
using KernelTruth.MetricsAdapter.Benchmarks;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Metrics;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Load benchmark of the metrics adapter: the real ASP.NET pipeline on Kestrel over TLS (loopback).
// Authentication is bypassed with the adapter's own RequireAuthentication = false, what
// `ktruth watch --serve` runs; in a cluster the SubjectAccessReview cache answers repeats, which this
// does not measure. A --pods namespace (default 10 000; a tenth labelled app=other, so 9 000 after
// the selector) and a 10-pod one, republished every --publish-every (each publication voids the
// response cache, so renders are part of the numbers). Closed-loop clients (--concurrency, default 2,
// keep-alive) send the HPA's custom-metrics list request (Pods, label selector) for --seconds per
// scenario after a 2 s warm-up. Client and server share the machine. Clients ask for gzip as
// client-go (the HPA's client) does, and inflate each body as it does; --gzip 0 asks for plain JSON;
// --inflate 0 reads the gzip body without inflating it (the client's 2 MB of inflate per request
// then leaves the shared CPUs to the server: the latency is the adapter's, not the HPA's too). Memory per published pod: managed
// bytes the store holds for one publication of the big namespace, measured before any request, plus
// the describedObject JSON written for it at its first render. Before the load, one render of the
// big list the old way (records + serializer) and the new way (MetricListWriter) alternate for
// --render-rounds rounds (medians); during the load, each publication's prepared answers (the hot
// keys rendered before the view is served) are counted, timed and weighed.
//   dotnet run -c Release --project tests/benchmarks/MetricsAdapter.Benchmarks [-- --pods 10000 --seconds 10 --concurrency 2 --publish-every 1 --gzip 1 --inflate 1 --render-rounds 15]
const double GoalP99Ms = 5;
const double GoalRequestsPerSecond = 1000;
var options = Args.Parse(args);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
var certificate = AdapterCertificates.CreateSelfSigned(TimeProvider.System, []);
builder.WebHost.ConfigureKestrel(k => AdapterKestrel.ListenHttps(k, new IPEndPoint(IPAddress.Loopback, 0), certificate));
builder.Services.AddSingleton<IPodAttributor>(new NoPods());
builder.Services.AddKernelTruthMetricsAdapter(new MetricsAdapterOptions { RequireAuthentication = false });
await using var app = builder.Build();
app.UseKernelTruthMetricsAdapter();
await app.StartAsync();
var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
var store = app.Services.GetRequiredService<MetricsStore>();
var cache = app.Services.GetRequiredService<ResponseCache>();
double bytesPerPod = BytesPerPublishedPod(store, options.Pods);
double describedPerPod = DescribedObjects.Pods(store.Current.Namespaces["big"]).Bytes / (double)options.Pods;
const string Query = "/pods/*/cpu_throttled_periods_ratio?labelSelector=app%3Dweb";
Console.WriteLine($"metrics adapter: {options.Pods} pods, {Environment.ProcessorCount} CPUs, load average {LoadAverage()}");
var render = RenderTiming.Run(options.Pods, options.RenderRounds, MetricNames.ThrottledPeriodsRatio, "app=web");
Console.WriteLine(FormattableString.Invariant($"one render of the {render.Items}-item list ({render.Bytes} B of JSON), CPU ms (whole process), median of {options.RenderRounds} rounds, old and new alternated:"));
Console.WriteLine(FormattableString.Invariant($"  old (records + serializer):               {render.OldMs,7:F2} ms"));
Console.WriteLine(FormattableString.Invariant($"  new, on a fresh publication:              {render.NewFreshMs,7:F2} ms    new / old {render.NewFreshMs / render.OldMs:F3}"));
Console.WriteLine(FormattableString.Invariant($"  new, describedObjects already written:    {render.NewAgainMs,7:F2} ms    new / old {render.NewAgainMs / render.OldMs:F3}"));
Console.WriteLine(FormattableString.Invariant($"  gzip of that body (after either):         {render.GzipMs,7:F2} ms"));
Console.WriteLine(FormattableString.Invariant($"  rounds whose old and new bodies differ:   {render.Mismatches}"));
var prepared = new List<(int Answers, long Bytes, TimeSpan Elapsed)>();

using var publishing = new CancellationTokenSource();
var publisher = Task.Run(async () =>
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.PublishEverySeconds));
    do
    {
        var now = TimeProvider.System.GetUtcNow();
        store.Publish([SyntheticPods.Namespace("big", options.Pods, now), SyntheticPods.Namespace("small", 10, now)]);
        lock (prepared)
        {
            prepared.Add(cache.LastPrepared);
        }
    }
    while (await timer.WaitForNextTickAsync(publishing.Token).ConfigureAwait(false));
});
while (!store.HasPublished)
{
    await Task.Delay(10);
}

Console.WriteLine($"metrics adapter load: {options.Pods} pods, {options.Concurrency} connections, {options.Seconds} s per scenario, republished every {options.PublishEverySeconds} s, gzip {(options.Gzip ? "on" : "off")}, client inflates {(options.Gzip && options.Inflate ? "yes" : "no")}, {Environment.ProcessorCount} CPUs, load average {LoadAverage()}");
var big = await Load.RunAsync(address, certificate, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/big" + Query, options);
var small = await Load.RunAsync(address, certificate, "/apis/custom.metrics.k8s.io/v1beta2/namespaces/small" + Query, options);
Console.WriteLine("| list | items | JSON bytes | requests/s | p50 ms | p99 ms | errors |");
Console.WriteLine("|---|---|---|---|---|---|---|");
Console.WriteLine(big.Row(FormattableString.Invariant($"{options.Pods} pods")));
Console.WriteLine(small.Row("10 pods"));
Console.WriteLine(FormattableString.Invariant($"{options.Pods}-pod / 10-pod: requests/s {big.RequestsPerSecond / small.RequestsPerSecond:F2}, p50 {big.P50Ms / small.P50Ms:F2}, p99 {big.P99Ms / small.P99Ms:F2}"));
Console.WriteLine(FormattableString.Invariant($"goals for {options.Pods} pods ({big.Items} after the selector), {options.Concurrency} connections:"));
Console.WriteLine(FormattableString.Invariant($"  p99 latency:  {big.P99Ms,8:F2} ms    goal <= {GoalP99Ms} ms     -> ratio {big.P99Ms / GoalP99Ms:F3}"));
Console.WriteLine(FormattableString.Invariant($"  requests/s:   {big.RequestsPerSecond,8:F0}       goal >= {GoalRequestsPerSecond} -> ratio {GoalRequestsPerSecond / big.RequestsPerSecond:F3} (goal / figure: <= 1 is met)"));
Console.WriteLine(FormattableString.Invariant($"  memory:       {bytesPerPod,8:F0} B per published pod (no goal; the store's managed bytes for one publication)"));
Console.WriteLine(FormattableString.Invariant($"                {describedPerPod,8:F0} B per published pod more once its namespace is rendered (describedObject JSON)"));
lock (prepared)
{
    Console.WriteLine(PreparedSummary(prepared));
}
Console.WriteLine($"load average after {LoadAverage()}");
publishing.Cancel();
await publisher.ContinueWith(_ => { }, TaskScheduler.Default);
await app.StopAsync();
return big.Errors + small.Errors + render.Mismatches == 0 ? 0 : 1;

// What publications prepared after the warm-up (one key is hot at a time: the big list, then the small one).
static string PreparedSummary(List<(int Answers, long Bytes, TimeSpan Elapsed)> all)
{
    var used = all.Where(p => p.Answers > 0).ToList();
    if (used.Count == 0)
    {
        return "  prepared at publication: nothing (no key was asked since the publication before)";
    }

    var ms = used.Select(p => p.Elapsed.TotalMilliseconds).Order().ToArray();
    return FormattableString.Invariant(
        $"  prepared at publication: {used.Count} of {all.Count} publications, up to {used.Max(p => p.Answers)} answers and {used.Max(p => p.Bytes)} B (JSON + gzip; bound {ResponseCache.MaxPrepared} answers, {ResponseCache.MaxPreparedBytes} B), {ms[ms.Length / 2]:F1} ms median, {ms[^1]:F1} ms max, off the request path");
}

// One publication of the big namespace into the empty store, measured by the settled managed heap; the next
// publication replaces it.
static double BytesPerPublishedPod(MetricsStore store, int pods)
{
    long before = Settled();
    store.Publish([SyntheticPods.Namespace("big", pods, TimeProvider.System.GetUtcNow())]);
    long after = Settled();
    return (after - before) / (double)pods;

    static long Settled()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

internal sealed record Args(int Pods, int Seconds, int Concurrency, double PublishEverySeconds, bool Gzip, int RenderRounds, bool Inflate)
{
    public static Args Parse(string[] args)
    {
        int pods = 10_000, seconds = 10, concurrency = 2;
        double publish = 1;
        bool gzip = true, inflate = true;
        int renderRounds = 15;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--pods": pods = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--publish-every": publish = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--gzip": gzip = args[i + 1] != "0"; break;
                case "--inflate": inflate = args[i + 1] != "0"; break;
                case "--render-rounds": renderRounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]} (--pods N, --seconds N, --concurrency N, --publish-every SECONDS, --gzip 0|1, --inflate 0|1, --render-rounds N)");
            }
        }

        return new Args(pods, seconds, concurrency, publish, gzip, renderRounds, inflate);
    }
}

/// <summary>The feed is not used: the benchmark publishes synthetic pods straight into the store.</summary>
internal sealed class NoPods : IPodAttributor
{
    public PodAttribution? Attribute(string node, CgroupSnapshot cgroup) => null;
}

internal sealed record LoadResult(int Items, long Bytes, double RequestsPerSecond, double P50Ms, double P99Ms, int Errors)
{
    public string Row(string name) => FormattableString.Invariant($"| {name} | {Items} | {Bytes} | {RequestsPerSecond:F0} | {P50Ms:F2} | {P99Ms:F2} | {Errors} |");
}

internal static class Load
{
    public static async Task<LoadResult> RunAsync(Uri address, System.Security.Cryptography.X509Certificates.X509Certificate2 serving, string path, Args options)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            AutomaticDecompression = options.Gzip && options.Inflate ? DecompressionMethods.GZip : DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == serving.GetCertHashString() },
        };
        using var client = new HttpClient(handler) { BaseAddress = address };
        if (options.Gzip && !options.Inflate)
        {
            client.DefaultRequestHeaders.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));
        }

        byte[] sample = await client.GetByteArrayAsync(path);
        if (sample.Length > 2 && sample[0] == 0x1f && sample[1] == 0x8b) // gzip left to us: inflate the one sample to count its items
        {
            using var inflated = new MemoryStream();
            using (var z = new System.IO.Compression.GZipStream(new MemoryStream(sample), System.IO.Compression.CompressionMode.Decompress))
            {
                z.CopyTo(inflated);
            }

            sample = inflated.ToArray();
        }

        int items = System.Text.Json.JsonDocument.Parse(sample).RootElement.GetProperty("items").GetArrayLength();

        await Drive(client, path, options.Concurrency, TimeSpan.FromSeconds(2), null); // warm-up: JIT, connections
        var latencies = new List<double>[options.Concurrency];
        var sw = Stopwatch.StartNew();
        int errors = await Drive(client, path, options.Concurrency, TimeSpan.FromSeconds(options.Seconds), latencies);
        double elapsed = sw.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(items, sample.Length, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors);
    }

    private static async Task<int> Drive(HttpClient client, string path, int workers, TimeSpan duration, List<double>[]? latencies)
    {
        int errors = 0;
        long end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = new List<double>(100_000);
            if (latencies is not null)
            {
                latencies[w] = mine;
            }

            var buffer = new byte[512 * 1024];
            while (Stopwatch.GetTimestamp() < end)
            {
                long start = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                while (await body.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                }

                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return errors;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
