using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Models.Tests.Fakes;

namespace KernelTruth.Models.Tests.Recommendations;

/// <summary>Runs alone: GC.GetTotalMemory would count other tests' allocations.</summary>
[CollectionDefinition(nameof(WorkloadModelFootprintTests), DisableParallelization = true)]
public class FootprintCollection;

[Collection(nameof(WorkloadModelFootprintTests))]
public class WorkloadModelFootprintTests
{
    /// <summary>
    /// A service, one interval a minute, on the sensor's own usage grid (16 log-linear slots
    /// per power of two of µs; with 100 ms periods 2^12..2^15 µs = 0.04–0.33 core, 48 slots, all of
    /// them touched during the day as the load drifts by the hour), 1 % of periods throttled under a
    /// 0.8 limit, contention and throttle waits over several slots, memory drifting ±5 %.
    /// </summary>
    private static WorkloadInterval Typical(int minute)
    {
        var buckets = new List<UsageBucket>();
        for (int e = 12; e < 15; e++)
        {
            for (int k = 0; k < 16; k++)
            {
                double lower = (Math.Pow(2, e) + (k * Math.Pow(2, e - 4))) / 1e5;
                double upper = (Math.Pow(2, e) + ((k + 1) * Math.Pow(2, e - 4))) / 1e5;
                int slot = ((e - 12) * 16) + k;
                long count = Math.Max(0, 12 - (Math.Abs(slot - 20 - ((minute / 60) % 6)) / 3)) + (((slot * 7) + minute) % 5 == 0 ? 1 : 0);
                if (count > 0)
                {
                    buckets.Add(new UsageBucket(lower, upper, count));
                }
            }
        }

        long periods = buckets.Sum(b => b.Count);
        long[] contention = [3, 5, 9, 20, 40, 30, 20, 10, 5, 2, 1, (minute % 7 == 0) ? 1 : 0];
        long[] throttle = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 1];
        return new WorkloadInterval
        {
            Time = Intervals.T0.AddMinutes(minute + 1),
            Duration = TimeSpan.FromMinutes(1),
            UsageCores = 0.2,
            PeriodUsage = buckets,
            Periods = periods,
            ThrottledPeriods = periods / 100,
            ThrottleWaitSeconds = 0.5,
            ThrottleWait = throttle,
            ContentionWait = contention,
            LimitCores = 0.8,
            RequestCores = 0.4,
            MemoryBytes = (long)(300e6 * (1 + (0.05 * Math.Sin(minute / 100.0)))),
            MemoryPeakBytes = (long)(310e6 * (1 + (0.05 * Math.Sin(minute / 100.0)))),
        };
    }

    [Fact]
    public void WorkloadModel_TypicalHistory_StaysWithin2560Bytes()
    {
        // 1000 models so that the test host's own allocations vanish in the average; 6 hours each, by
        // when every slot of the drifting load has been seen and the footprint is flat (a full day
        // measured the same within 1 %).
        const int Models = 1000;
        var intervals = Enumerable.Range(0, 360).Select(Typical).ToArray();
        var models = new WorkloadModel[Models];

        // Warm up first: JIT and static initialisation would otherwise be charged to the models.
        var warm = new WorkloadModel();
        foreach (WorkloadInterval i in intervals)
        {
            warm.Add(i);
        }

        warm.Recommend(new RecommendationPolicy(), Intervals.T0.AddHours(6));

        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int m = 0; m < Models; m++)
        {
            var model = new WorkloadModel();
            foreach (WorkloadInterval i in intervals)
            {
                model.Add(i);
            }

            models[m] = model;
        }

        long after = GC.GetTotalMemory(forceFullCollection: true);
        double perModel = (after - before) / (double)Models;
        GC.KeepAlive(models);

        // Measured ~1990 bytes before the per-minute demand histogram (the CPU request's basis) and
        // ~2450 after it (runs vary by up to ~280 bytes): ~0.62 KiB of objects (the model, demand,
        // two peak trackers, the baseline, four histograms) and ~1.35 KiB of arrays, 0.6 KiB of them
        // the 48 demand values; the minute demand adds its holder, a histogram and two arrays. Here
        // every minute has the same demand (one entry); with UsageCores drifting ±5 % it held 15
        // entries (+168 bytes of arrays). Bound: 2450 rounded up to the next 128 bytes = 2560.
        Assert.True(perModel <= 2560, $"one model holds {perModel:0} bytes (histogram arrays alone {models[0].RetainedBytes})");
    }

    [Fact]
    public void New_DefaultOptions_AllocatesItsFieldsAndNoArray()
    {
        // What every container holds before its first entry (the histograms' empty arrays are shared). Worked
        // arithmetic, 8-byte fields: the model's object header 16; interval count, the shapes and the period count 24
        // (the last interval time is the minute averager's); current settings 32; per-period demand 40 (clock, entries
        // and total, censored slots and total); throttle observations 32 (clock, waits reference, two decayed counts);
        // contention waits 24 (clock, entries, total); memory peaks 48 (window end, last sample, histogram 24, current
        // peak); per-minute demand 32 (histogram, censored minutes); the VPA baseline 160 (minute averager 64: pending
        // minute, two sums, the deferral's 24 with its two flags in sign bits, last memory, last time; history
        // confidence 24, CPU histogram 24, memory peaks 48) = 408, one object.
        // Before: 456 = the model's 392 (a reference to the per-period demand instead of its 40, its own last interval
        // time, the deferral 32 with two bools and padding) + the demand as an object of its own, 64 (header 16, shape
        // reference 8, its 40); 448 once the demand was handed its shape, 440 once the model kept no copy of the last
        // interval time, 416 once the demand was inside the model (header and reference gone), 408 now.
        _ = new WorkloadModel(); // JIT and static initialisation before the measurement

        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = new WorkloadModel();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(model);

        Assert.Equal(408, allocated);
    }

    [Fact]
    public void RetainedBytes_VariedHistories_BucketIndexsInEveryHistogram()
    {
        // Entries by part, from what each part saves: the VPA baseline's CPU and memory peaks and our memory peaks hold
        // a double and a 16-bit bucket (10 bytes; 12 with an int bucket), the throttle and contention waits a float and
        // a 16-bit bucket (6 bytes; 8 with an int one), the per-period and per-minute demand a float and a 24-bit bucket
        // (7 bytes; 8); each non-empty array adds its 24-byte header, the censored demand 3 doubles a limit. The bytes
        // per entry are what the GC allocates (SparseWeightsTests.Import_96Pairs_...). Worked example: 19 CPU buckets
        // and 2 VPA peaks are 24 + 190 + 24 + 20 = 258 bytes, 300 with int buckets.
        int checkedParts = 0;
        for (int workload = 0; workload < 16; workload++)
        {
            var model = new WorkloadModel(VariedHistory.Options(workload));
            foreach (WorkloadInterval interval in VariedHistory.Of(workload, 1500))
            {
                model.Add(interval);
            }

            var saved = model.ToCheckpoint();
            int censored = saved.DemandCensored.LimitMillicores.Length;
            Assert.Equal(Array(saved.DemandExact, 7) + (censored == 0 ? 0 : 24 + (censored * 3 * 8)), model.Demand.RetainedBytes);
            Assert.Equal(Array(saved.MinuteDemand!, 7), model.MinuteDemand.RetainedBytes);
            Assert.Equal(Array(saved.Baseline.Cpu, 10) + Array(saved.Baseline.Memory.Peaks, 10), model.Baseline.RetainedBytes);
            Assert.Equal(Array(saved.Memory.Peaks, 10), model.Memory.RetainedBytes);
            Assert.Equal(Array(saved.Throttle.Waits, 6), model.Throttle.RetainedBytes);
            Assert.Equal(Array(saved.ContentionWait, 6), model.Contention.RetainedBytes);
            checkedParts += new[] { saved.DemandExact, saved.MinuteDemand!, saved.Baseline.Cpu, saved.Baseline.Memory.Peaks, saved.Memory.Peaks, saved.Throttle.Waits, saved.ContentionWait }.Count(h => h.Buckets.Length > 0);
        }

        // Most parts hold entries (some histories never throttle or contend), so the sizes above were measured, not 0 = 0.
        Assert.True(checkedParts >= 90, $"only {checkedParts} of 112 histograms held entries");

        static int Array(KernelTruth.Models.Histograms.HistogramState state, int bytesPerEntry) =>
            state.Buckets.Length == 0 ? 0 : 24 + (state.Buckets.Length * bytesPerEntry);
    }
}
