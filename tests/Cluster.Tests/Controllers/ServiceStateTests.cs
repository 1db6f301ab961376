using KernelTruth.Cluster.Controllers;
using KernelTruth.NodeSensor.Tests.Prometheus;
using KernelTruth.Service;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>ktruth-recommender's /metrics registry: cycle reports add up, gauges show the last cycle, promtool finds nothing to flag.</summary>
public sealed class ServiceStateTests
{
    [Fact]
    public async Task Completed_TwoCycles_CountersAddUpGaugesShowTheLast()
    {
        var state = new ServiceState(TimeProvider.System, TimeSpan.FromSeconds(10));

        state.Completed(new CycleReport { SensorsRead = 3, SensorsFailed = 1, Intervals = 6, Leader = true, VpasOwned = 2, VpaWrites = 2, ProfileWrites = 4, ApiErrors = 0 }, TimeSpan.FromMilliseconds(250));
        state.Completed(new CycleReport { SensorsRead = 2, SensorsFailed = 0, Intervals = 4, Leader = false, VpasOwned = 1, VpaWrites = 0, ProfileWrites = 1, ApiErrors = 1 }, TimeSpan.FromMilliseconds(500));
        state.Failed();
        state.Published(7);
        using var stream = new MemoryStream();
        await state.Metrics.CollectAndExportAsTextAsync(stream);
        string text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Promtool.AssertClean(text, "ktruth-recommender");
        Assert.Contains("\nktruth_recommender_cycles_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_cycle_failures_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_sensor_reads_total 5\n", text, StringComparison.Ordinal); // 3 + 2
        Assert.Contains("\nktruth_recommender_intervals_total 10\n", text, StringComparison.Ordinal); // 6 + 4
        Assert.Contains("\nktruth_recommender_profile_writes_total 5\n", text, StringComparison.Ordinal); // 4 + 1
        Assert.Contains("\nktruth_recommender_vpas_owned 1\n", text, StringComparison.Ordinal); // the last cycle's
        Assert.Contains("\nktruth_recommender_leader 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_last_cycle_seconds 0.5\n", text, StringComparison.Ordinal);
        Assert.Contains("\nktruth_recommender_adapter_pods 7\n", text, StringComparison.Ordinal);
    }
}
