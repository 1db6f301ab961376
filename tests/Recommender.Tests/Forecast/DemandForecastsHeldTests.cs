using KernelTruth.Recommender.Forecast;
using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Recommender.Tests.Forecast;

/// <summary>
/// Demand forecasts whose owner keeps each workload's state in its own entry (<see cref="IDemandSlots"/>, as the engine
/// does): the same answers as forecasts that keep every history themselves, fed the same minutes, with no history kept
/// apart for a workload the owner holds. Traces from <see cref="DiurnalTrace.Workloads"/>, one 60 s interval per minute.
/// </summary>
public sealed class DemandForecastsHeldTests
{
    private static readonly DateTimeOffset First = DateTimeOffset.UnixEpoch.AddMinutes(DiurnalTrace.FirstMinute);

    private static DateTimeOffset MinuteEnd(int m) => First.AddMinutes(m + 1);

    [Fact]
    public async Task Forecast_OwnerHoldsEveryWorkload_SameRecordsAndSavedBytesAsKeptApart()
    {
        // Eight days of three workloads, the fit at day 8, then an hour: every minute's record compared.
        var traces = DiurnalTrace.Workloads(seed: 3, weeks: 2);
        var owner = new FakeSlots("w0", "w1", "w2");
        var held = new DemandForecasts(ForecastSettings.Default, _ => null, owner);
        var apart = new DemandForecasts(ForecastSettings.Default, _ => null);
        const int FitAt = 8 * 1440;
        int compared = 0;
        for (int m = 0; m < FitAt + 60; m++)
        {
            for (int w = 0; w < 3; w++)
            {
                held.Add($"w{w}", MinuteEnd(m), TimeSpan.FromMinutes(1), traces[w][m] * 60);
                apart.Add($"w{w}", MinuteEnd(m), TimeSpan.FromMinutes(1), traces[w][m] * 60);
            }

            if (m == FitAt)
            {
                await FitAsync(held, MinuteEnd(m));
                await FitAsync(apart, MinuteEnd(m));
            }

            if (m % 97 == 0 || m > FitAt)
            {
                Assert.Equal(apart.Forecast("w1"), held.Forecast("w1"));
                compared++;
            }
        }

        Assert.Equal(ForecastSources.Forecast, held.Forecast("w0")!.Source); // the comparison reached trusted forecasts
        Assert.True(compared > 100);
        for (int w = 0; w < 3; w++)
        {
            Assert.Equal(apart.Save($"w{w}"), held.Save($"w{w}"));
            Assert.Equal(apart.SaveGuard($"w{w}"), held.SaveGuard($"w{w}"));
            Assert.Equal(apart.Save($"w{w}"), owner.Held($"w{w}")!.ToBytes()); // kept in the owner's slot
        }

        Assert.Equal((3, 3), (held.Count, owner.Filled));
    }

    [Fact]
    public void Add_BeforeTheOwnerHoldsTheWorkload_KeptApartThenHandedToItsSlot()
    {
        // Minutes 0–9 while the owner does not hold "w", then 10–19 once it does: one history, as if kept apart throughout.
        var owner = new FakeSlots();
        var held = new DemandForecasts(ForecastSettings.Default, _ => null, owner);
        var apart = new DemandForecasts(ForecastSettings.Default, _ => null);
        for (int m = 0; m < 20; m++)
        {
            if (m == 10)
            {
                Assert.Equal(1, held.Count); // kept apart until now
                owner.Hold("w");
            }

            held.Add("w", MinuteEnd(m), TimeSpan.FromMinutes(1), (1 + (m % 4)) * 60.0);
            apart.Add("w", MinuteEnd(m), TimeSpan.FromMinutes(1), (1 + (m % 4)) * 60.0);
        }

        Assert.NotNull(owner.Held("w"));
        Assert.Equal(apart.Save("w"), owner.Held("w")!.ToBytes());
        Assert.Equal(apart.Forecast("w"), held.Forecast("w"));
        Assert.Equal(1, held.Count); // not counted twice: nothing is kept apart any more
    }

    [Fact]
    public void Forget_HeldWorkload_SlotEmptiedAndNothingLeft()
    {
        var owner = new FakeSlots("a", "b");
        var held = new DemandForecasts(ForecastSettings.Default, _ => null, owner);
        for (int m = 0; m < 5; m++)
        {
            held.Add("a", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
            held.Add("b", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
        }

        Assert.True(held.Forget("a"));
        Assert.False(held.Forget("a"));

        Assert.Null(owner.Held("a"));
        Assert.Null(held.Forecast("a"));
        Assert.Null(held.Save("a"));
        Assert.Equal(1, held.Count);
        Assert.NotNull(held.Forecast("b"));
    }

    [Fact]
    public void Add_HeldWorkloadAfterForget_StartsAfreshAsANewHistoryWould()
    {
        // The entry stays with the owner after Forget: the next minutes start from an empty history, nothing summed or
        // published carried over, the same as a workload never seen.
        var owner = new FakeSlots("a");
        var held = new DemandForecasts(ForecastSettings.Default, _ => null, owner);
        var fresh = new DemandForecasts(ForecastSettings.Default, _ => null);
        for (int m = 0; m < 5; m++)
        {
            held.Add("a", MinuteEnd(m), TimeSpan.FromMinutes(1), 120);
        }

        held.Forget("a");
        for (int m = 10; m < 15; m++)
        {
            held.Add("a", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
            fresh.Add("a", MinuteEnd(m), TimeSpan.FromMinutes(1), 60);
        }

        Assert.Equal(fresh.Save("a"), held.Save("a"));
        Assert.Equal(fresh.Forecast("a"), held.Forecast("a"));
    }

    [Fact]
    public void Restore_HeldWorkload_IntoItsSlotWithItsGuard()
    {
        var history = new DemandHistory();
        history.Add(100, 1.5);
        var guard = new ForecastGuard();
        guard.Observe(1.2, 1.0); // 20 % off
        var owner = new FakeSlots("w");
        var held = new DemandForecasts(ForecastSettings.Default, _ => null, owner);

        held.Restore("w", history, guard);

        Assert.Equal(history.ToBytes(), owner.Held("w")!.ToBytes());
        Assert.Equal(guard.ToBytes(), held.SaveGuard("w"));
        Assert.Equal(1, held.Count);
    }

    private static async Task FitAsync(DemandForecasts forecasts, DateTimeOffset now)
    {
        Assert.False(forecasts.Poll(now)); // starts the fit on another thread
        await forecasts.Fitting!;
        Assert.True(forecasts.Poll(now)); // takes it
    }

    /// <summary>An owner holding an entry per workload it was told to hold, as the engine's entries do.</summary>
    private sealed class FakeSlots(params string[] workloads) : IDemandSlots
    {
        private readonly Dictionary<string, Entry> _entries = workloads.ToDictionary(w => w, _ => new Entry(), StringComparer.Ordinal);

        public int Filled => _entries.Values.Count(e => e.HasHistory);

        public void Hold(string workload) => _entries[workload] = new Entry();

        /// <summary>The workload's forecasting state in its entry; null while it holds no history.</summary>
        public WorkloadDemand? Held(string workload) => _entries[workload] is { HasHistory: true } e ? e : null;

        public HeldDemand? Slot(string workload) => _entries.GetValueOrDefault(workload);

        private sealed class Entry : HeldDemand
        {
            public override bool HasHistory { get; set; }
        }
    }
}
