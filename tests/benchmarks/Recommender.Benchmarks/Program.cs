using System.Diagnostics;
using System.Runtime.CompilerServices;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Benchmarks;
using KernelTruth.Recommender.Checkpoint;
using KernelTruth.Recommender.Input;
using KernelTruth.Recommender.Logic;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Recommender.Benchmarks.HeldMemory;

// Ingest + fit for many containers on one node in one process; every figure is also a ratio to the goal.
// dotnet run -c Release --project tests/benchmarks/Recommender.Benchmarks [-- --containers N --cycles C --history-steps H --replicas R]
int containers = Arg(args, "--containers", 100_000);
int cycles = Arg(args, "--cycles", 6);
int historySteps = Arg(args, "--history-steps", 2_160);
int replicas = Arg(args, "--replicas", 1);
int keysAt = Array.IndexOf(args, "--keys");
string keys = keysAt >= 0 && keysAt + 1 < args.Length ? args[keysAt + 1] : replicas == 1 ? "path" : "cluster";
if (containers < 1 || cycles < 1 || historySteps < 6 || replicas < 1 || replicas > containers || keys is not ("path" or "cluster") || (keys == "path" && replicas > 1))
{
    Console.Error.WriteLine("usage: [--containers N ≥ 1] [--cycles C ≥ 1] [--history-steps H ≥ 6] [--replicas R, 1 ≤ R ≤ N] [--keys path|cluster; path only with R = 1]");
    return 2;
}

try
{
    Bench.Run(containers, cycles, historySteps, replicas, clusterKeys: keys == "cluster");
    return 0;
}
catch (Exception ex)
{
    // Loudly: a section that throws is a broken benchmark, not a result (exit code 1).
    Console.Error.WriteLine($"BENCHMARK FAILED: {ex}");
    return 1;
}

static int Arg(string[] args, string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int value) ? value : fallback;
}

internal static class Bench
{
    private const double GoalCycleSeconds = 5;
    private const double GoalBytesPerContainer = 2048;
    private const double GoalCheckpointWriteSeconds = 2;
    private const double GoalCheckpointLoadSeconds = 4;
    private const double GoalCheckpointBytesPerContainer = 1536;
    private static readonly RecommendationPolicy Policy = new();

    /// <param name="replicas">
    /// 1: every container its own workload, keyed by its cgroup path (`ktruth watch` on one host; the worst case).
    /// R > 1: R containers in a row are replicas of one workload keyed as in a cluster (namespace/kind/name/container),
    /// sharing one model and one demand history, as the cluster recommender keys them.
    /// </param>
    /// <param name="clusterKeys">
    /// Key workloads as in a cluster even with R = 1 (`--keys cluster`): every workload a single replica, the worst case
    /// the cluster recommender meets; always so for R &gt; 1.
    /// </param>
    public static void Run(int containers, int cycles, int historySteps, int replicas, bool clusterKeys)
    {
#if DEBUG
        Console.WriteLine("DEBUG BUILD: run with -c Release for numbers that mean something");
#endif
        Console.WriteLine($"kernel-truth recommender benchmark: {containers:N0} containers on one node, snapshots 10 s apart, {Environment.ProcessorCount} CPUs, {Environment.Version}");
        Console.WriteLine(!clusterKeys
            ? "workloads: one per container, keyed by its cgroup path (one host; the worst case per container)"
            : $"workloads: {(containers + replicas - 1) / replicas:N0} of {replicas} replicas each, keyed as in a cluster (namespace/kind/name/container)");
        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine();

        long before = Settled();
        var engine = new RecommenderEngine(NullLogger.Instance, workloadKey: clusterKeys ? ClusterKeys(replicas) : null);
        var first = Ingest(engine, 0, containers);
        long baselines = Settled() - before;
        Console.WriteLine($"snapshot 0 (first readings, baselines only): ingest {first.Seconds:F2} s, {baselines / (double)containers:N0} B retained per container");
        Console.WriteLine();
        Console.WriteLine($"cycle  ingest s  recommend s  cycle s  cycle/{GoalCycleSeconds}s  CPU s  allocated B/ctr  retained B/ctr  retained/2KiB");
        (double Ingest, double Recommend) last = default;
        double firstCycle = 0;
        long retained = 0;
        for (int c = 1; c <= cycles; c++)
        {
            // Every thread's allocations: the fit runs on the pool's threads, which the current thread's count misses.
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            TimeSpan cpuBefore = Environment.CpuUsage.TotalTime;
            var ingest = Ingest(engine, c, containers);
            double recommend = Recommend(engine, c);
            double cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds - ingest.SnapshotSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore - ingest.SnapshotBytes;
            retained = Settled() - before;
            double cycle = ingest.Seconds + recommend;
            Console.WriteLine($"{c,5}  {ingest.Seconds,8:F2}  {recommend,11:F2}  {cycle,7:F2}  {cycle / GoalCycleSeconds,9:F3}  {cpu,5:F2}  {allocated / (double)containers,15:N0}  {retained / (double)containers,14:N0}  {retained / (double)containers / GoalBytesPerContainer,13:F3}");
            last = (ingest.Seconds, recommend);
            firstCycle = c == 1 ? cycle : firstCycle;
        }

        double afterCycles = retained / (double)containers;
        Console.WriteLine();
        Console.WriteLine($"one cycle (last): ingest {last.Ingest:F2} s + recommend {last.Recommend:F2} s = {last.Ingest + last.Recommend:F2} s; goal ≤ {GoalCycleSeconds} s → ratio {(last.Ingest + last.Recommend) / GoalCycleSeconds:F3}");
        Console.WriteLine($"first cycle (JIT, every predicted effect replayed): {firstCycle:F2} s; goal ≤ {GoalCycleSeconds} s → ratio {firstCycle / GoalCycleSeconds:F3}");
        Console.WriteLine("  (CPU s: this process's CPU time in the cycle, snapshot building left out; on a shared machine the wall time is that plus waiting for a CPU)");
        Checkpoint(engine, containers);
        double perContainer = HeldBytes(ref engine) / (double)containers;
        Console.WriteLine($"managed memory the engine retains after {cycles} cycles: {perContainer * containers / 1048576.0:N1} MiB = {perContainer:N0} B per container (the steady-state figure is at the end); goal ≤ {GoalBytesPerContainer} B → ratio {perContainer / GoalBytesPerContainer:F3}");
        Console.WriteLine($"  (held by the engine: measured with it and without it at the same moment; the column above, {afterCycles:N0} B, also counts what the runtime cached meanwhile)");
        Console.WriteLine($"  stock VPA for reference: ~420 MiB for 2 000–4 000 containers ≈ {420.0 * 1048576 / 4000:N0}–{420.0 * 1048576 / 2000:N0} B per container → ours is {perContainer / (420.0 * 1048576 / 4000):P1} of the best case");

        if (clusterKeys)
        {
            // Parts measured alone assume one workload per container keyed by its path; with cluster keys (and
            // replicas) the key differs and the model and history may be shared, so only the whole is reported, and the steady state as an estimate: one model after the long
            // history in place of one model fed a single container for the cycles, both shared by R containers.
            double oneModel = Breakdown(Math.Min(containers, 20_000), cycles, perContainer, print: false);
            double grownModel = History(Math.Min(containers, 1_000), historySteps);
            double estimate = perContainer + ((grownModel - oneModel) / replicas);
            Console.WriteLine();
            Console.WriteLine($"retained per container after {cycles} cycles ({replicas} replicas per workload): {perContainer,6:N0} B; goal ≤ {GoalBytesPerContainer} B → ratio {perContainer / GoalBytesPerContainer:F3}");
            Console.WriteLine($"retained per container at steady state, estimated: {estimate,6:N0} B = {perContainer:N0} B + ({grownModel:N0} B model after {TimeSpan.FromSeconds(historySteps * 10):g} − {oneModel:N0} B after {cycles} intervals) / {replicas}; goal ≤ {GoalBytesPerContainer} B → ratio {estimate / GoalBytesPerContainer:F3}");
            Console.WriteLine();
            Console.WriteLine($"load average at end: {LoadAverage()}");
            return;
        }

        double model = Breakdown(Math.Min(containers, 20_000), cycles, perContainer);
        double steadyModel = History(Math.Min(containers, 1_000), historySteps);

        // The goal is for the steady state a cluster lives in, not for models 6 intervals old: everything
        // but the models as measured above, plus one model after the long history.
        // Worked example: 2 626 B after 6 cycles, of which 1 384 B the model ⇒ 1 242 B around it; a model
        // after 6 h holds 3 103 B ⇒ 4 345 B per container at steady state.
        double steady = perContainer - model + steadyModel;
        Console.WriteLine();
        Console.WriteLine($"retained per container after {cycles} cycles: {perContainer,6:N0} B; goal ≤ {GoalBytesPerContainer} B → ratio {perContainer / GoalBytesPerContainer:F3}");
        Console.WriteLine($"retained per container at steady state ({TimeSpan.FromSeconds(historySteps * 10):g} of history): {steady,6:N0} B = {perContainer - model:N0} B around the model + {steadyModel:N0} B model; goal ≤ {GoalBytesPerContainer} B → ratio {steady / GoalBytesPerContainer:F3}");
        Console.WriteLine();
        Console.WriteLine($"load average at end: {LoadAverage()}");
    }

    /// <summary>
    /// Cluster-shaped workload keys: container i is a replica of workload i / R, 40 characters as namespace/kind/name/container
    /// keys often are. Made anew for every reading and held by nothing here, so the key's bytes count as the engine's:
    /// the engine keeps the first string it sees per workload. In the service the pod index makes each container's key
    /// once and hands the same string out at every reading, so the engine's key is the index's string (held once in the
    /// process, counted here against the engine). Example: R = 3 ⇒ containers 0–2 are "team-00/Deployment/service-000000/server".
    /// </summary>
    private static Func<CgroupSnapshot, string?> ClusterKeys(int replicas) => cgroup =>
    {
        int w = ((int)cgroup.Id - SyntheticNode.FirstId) / replicas;
        return $"team-{w % 64:d2}/Deployment/service-{w:d6}/server";
    };

    /// <summary>The 1, 5 and 15 minute load averages (/proc/loadavg): how busy the shared machine was.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>Snapshot c is built outside the timing; its bytes are reported so they can be left out of "allocated".</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (double Seconds, long SnapshotBytes, double SnapshotSeconds) Ingest(RecommenderEngine engine, int step, int containers)
    {
        long a = GC.GetAllocatedBytesForCurrentThread();
        TimeSpan cpu = Environment.CpuUsage.TotalTime;
        var snapshot = SyntheticNode.Snapshot(step, containers);
        long made = GC.GetAllocatedBytesForCurrentThread() - a;
        double makeSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        long start = Stopwatch.GetTimestamp();
        engine.Ingest(snapshot);
        return (Stopwatch.GetElapsedTime(start).TotalSeconds, made, makeSeconds);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Recommend(RecommenderEngine engine, int step)
    {
        long start = Stopwatch.GetTimestamp();
        var recommendations = engine.Recommend(Policy, new DateTimeOffset(2025, 11, 21, 0, 0, 0, TimeSpan.Zero).AddSeconds(10 * step));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int failed = recommendations.Count(r => r.Recommendation is null);
        if (failed > 0)
        {
            Console.WriteLine($"  {failed} workloads failed to recommend: {recommendations.First(r => r.Error is not null).Error}");
        }

        return seconds;
    }

    /// <summary>The state file for all of them: how long a save takes and how big it is.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Checkpoint(RecommenderEngine engine, int containers)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ktruth-bench-{Environment.ProcessId}.json");
        try
        {
            long start = Stopwatch.GetTimestamp();
            var checkpoint = engine.ToCheckpoint(DateTimeOffset.UnixEpoch);
            double take = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            CheckpointFile.Save(path, checkpoint);
            double save = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long bytes = new FileInfo(path).Length;
            start = Stopwatch.GetTimestamp();
            var loaded = CheckpointFile.Load(path)!;
            new RecommenderEngine(NullLogger.Instance).Restore(loaded);
            double load = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double perContainer = bytes / (double)containers;
            Console.WriteLine($"checkpoint of {containers:N0} models: take {take:F2} s (under the engine's lock), file {bytes / 1048576.0:N1} MiB");
            Console.WriteLine($"  write:          {save,6:F2} s   goal ≤ {GoalCheckpointWriteSeconds} s → ratio {save / GoalCheckpointWriteSeconds:F3}");
            Console.WriteLine($"  load + restore: {load,6:F2} s   goal ≤ {GoalCheckpointLoadSeconds} s → ratio {load / GoalCheckpointLoadSeconds:F3}");
            Console.WriteLine($"  on disk:        {perContainer,6:N0} B per container   goal ≤ {GoalCheckpointBytesPerContainer} B → ratio {perContainer / GoalCheckpointBytesPerContainer:F3}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Where the bytes go, each part measured alone on the same history.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Breakdown(int sample, int cycles, double total, bool print = true)
    {
        long before = Settled();
        var models = EmptyModels(sample);
        long empty = Settled() - before;
        IntervalBuilder? builder = new(NullLogger.Instance);
        Feed(builder, models, 0, sample);
        long firstBaselines = Settled() - before - empty;
        for (int c = 1; c <= cycles; c++)
        {
            Feed(builder, models, c, sample);
        }

        // The first readings' counters are all zero (no slot in use); after the cycles the histograms' slots fill,
        // and that is what the engine holds: the line below is that figure, the first one in brackets.
        double baselines = HeldBytes(ref builder) / (double)sample;
        long fed = HeldBytes(ref models);
        int pathBytes = 22 + (2 * SyntheticNode.PathOf(0).Length);
        double model = fed / (double)sample;
        if (!print)
        {
            return model;
        }

        double demand = DemandHistories(sample, cycles);
        double demandPublished = DemandHistories(sample, PublishedCycles);
        Console.WriteLine();
        Console.WriteLine($"where the {total:N0} B per container go ({sample:N0} containers, each part alone):");
        Console.WriteLine($"  WorkloadModel (models/):  {model,6:N0} B  ({empty / (double)sample:N0} B empty, the rest from {cycles} intervals)");
        Console.WriteLine($"  counter baseline:         {baselines,6:N0} B  (last reading's cumulative counters, sparse; {firstBaselines / (double)sample:N0} B after the first reading)");
        Console.WriteLine($"  cgroup path as the key:   {pathBytes,6:N0} B  ({SyntheticNode.PathOf(0).Length} chars of UTF-16)");
        Console.WriteLine($"  demand history:           {demand,6:N0} B  (for forecasts: hour-of-week means, last 30 minutes, state, guard: the part of the workload's entry its class extends; docs/forecasting.md)");
        Console.WriteLine($"    after {PublishedCycles * 10 / 60} minutes:       {demandPublished,6:N0} B  (minutes finished: a reactive forecast published, with its reason)");
        Console.WriteLine($"  the rest:                 {total - model - baselines - pathBytes - demand,6:N0} B  (the entry's own fields: model reference, last data, last activity, replay memo with its prediction inline; tree node, dictionaries)");
        return model;
    }

    /// <summary>Intervals of 10 s after which the demand history is measured again: 10 minutes, 8 of them finished and published.</summary>
    private const int PublishedCycles = 60;

    /// <summary>
    /// Bytes per workload of the engine's demand histories alone, fed the same 10 s intervals, held as the engine holds
    /// them: as the forecasting part of the workload's entry, which the entry's class extends (<see cref="DemandPart"/>:
    /// that part alone). The array holding them is made before counting: the engine holds its entries in its tree, whose
    /// nodes and the entry's own fields are in "the rest".
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double DemandHistories(int sample, int cycles)
    {
        var parts = new DemandPart[sample];
        long before = Settled();
        var histories = new KernelTruth.Recommender.Forecast.DemandForecasts(KernelTruth.Recommender.Forecast.ForecastSettings.Default, _ => null);
        for (int i = 0; i < sample; i++)
        {
            string key = SyntheticNode.PathOf(i); // not kept: the engine's entry holds the key
            parts[i] = new DemandPart();
            for (int c = 1; c <= cycles; c++)
            {
                histories.Add(parts[i], key, DateTimeOffset.UnixEpoch.AddSeconds(10 * c), TimeSpan.FromSeconds(10), 1);
            }
        }

        long bytes = Settled() - before;
        GC.KeepAlive(histories);
        GC.KeepAlive(parts);
        return bytes / (double)sample;
    }

    /// <summary>
    /// The forecasting part of an engine entry and nothing else: its history flag is always set (the engine keeps the
    /// flag in a bit of a field it holds anyway, so the part costs what this does).
    /// </summary>
    private sealed class DemandPart : KernelTruth.Recommender.Forecast.HeldDemand
    {
        public override bool HasHistory
        {
            get => true;
            set
            {
            }
        }
    }

    /// <summary>How a model grows with long varied history (1 step = one 10 s interval); returns the bytes per model after all steps.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double History(int sample, int steps)
    {
        long before = Settled();
        var models = EmptyModels(sample);
        var random = new Random(42);
        double grown = 0;
        Console.WriteLine();
        Console.WriteLine($"one model over long, varied history ({sample:N0} models, demand and memory wandering every 10 s):");
        foreach (int upTo in new[] { 6, 60, 360, steps }.Where(s => s <= steps).Distinct())
        {
            for (int step = upTo == 6 ? 0 : CheckpointOf(upTo); step < upTo; step++)
            {
                for (int i = 0; i < sample; i++)
                {
                    models[i].Add(SyntheticHistory.Interval(i, step, random));
                }
            }

            // The last figure is the one the steady state rests on: held bytes, free of runtime caches trimmed meanwhile.
            if (upTo == steps)
            {
                WorkloadModel[]? last = models;
                models = [];
                grown = HeldBytes(ref last) / (double)sample;
            }
            else
            {
                grown = (Settled() - before) / (double)sample;
            }

            Console.WriteLine($"  after {upTo,5} intervals ({TimeSpan.FromSeconds(upTo * 10),8:g}): {grown,6:N0} B per model{(upTo == steps ? " (held: measured with and without them at the same moment)" : string.Empty)}");
        }

        Console.WriteLine($"  by part, each measured alone, empty → after {steps} intervals:");
        foreach (var (name, create, feed) in ModelParts.All())
        {
            var (empty, full) = Part(create, feed, sample, steps);
            Console.WriteLine($"    {name,-28} {empty,6:N0} B → {full,6:N0} B");
        }

        return grown;

        static int CheckpointOf(int upTo) => upTo switch { 60 => 6, 360 => 60, _ => 360 };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (double Empty, double Full) Part(Func<object> create, Action<object, KernelTruth.Models.Input.WorkloadInterval> feed, int sample, int steps)
    {
        long before = Settled();
        var parts = new object[sample];
        for (int i = 0; i < sample; i++)
        {
            parts[i] = create();
        }

        long empty = Settled() - before;
        var random = new Random(42);
        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < sample; i++)
            {
                feed(parts[i], SyntheticHistory.Interval(i, step, random));
            }
        }

        long full = HeldBytes(ref parts);
        return (empty / (double)sample, full / (double)sample);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WorkloadModel[] EmptyModels(int n)
    {
        var models = new WorkloadModel[n];
        for (int i = 0; i < n; i++)
        {
            models[i] = new WorkloadModel();
        }

        return models;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Feed(IntervalBuilder builder, WorkloadModel[] models, int step, int containers)
    {
        foreach (var (cgroup, interval) in builder.Add(SyntheticNode.Snapshot(step, containers)))
        {
            models[(int)cgroup.Id - SyntheticNode.FirstId].Add(interval);
        }
    }
}
