using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Tests.Bpf;
using KernelTruth.NodeSensor.Tests.Prometheus;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KernelTruth.NodeSensor.Tests.Kernel;

/// <summary>
/// --max-cgroups 64 on the real kernel with 200 cgroups: 180 ran once and sleep (they fill the map first), then 20
/// wake every 100 ms. The busy ones must all be in the snapshots, the refusals logged once, /readyz degraded with the
/// count and ktruth_sensor_cgroups_untracked counting the rest.
/// </summary>
[Collection(KernelFaultsCollection.Name)]
public sealed class MapPressureOnKernelTests(ITestOutputHelper output)
{
    private const int Idle = 180;
    private const int Busy = 20;

    [Fact]
    public async Task Read_TwoHundredCgroupsInAMapOf64_BusyOnesKeptDropLoggedOnceReadyzDegradedRestCounted()
    {
        KernelRequirements.Require();
        var log = new ListLogger();
        using var loggers = new OneLoggerFactory(log);
        using var small = SensorRuntime.Start(new SensorOptions { AllCgroups = true, MaxCgroups = 64 }, loggers, TimeProvider.System);
        var idle = new List<TestCgroup>();
        var busy = new List<TestCgroup>();
        try
        {
            for (int i = 0; i < Idle; i++)
            {
                var cg = TestCgroup.Create();
                idle.Add(cg);
                cg.Run("sleep 300");
            }

            Thread.Sleep(500);
            small.Read(); // the sleepers' counters, so the next reads can tell they did nothing since
            for (int i = 0; i < Busy; i++)
            {
                var cg = TestCgroup.Create();
                busy.Add(cg);
                cg.Run("sh -c 'while :; do sleep 0.1; done'");
            }

            // Each read evicts the cgroups idle since the one before while refusals come; busy ones then find slots.
            var busyIds = busy.Select(c => c.Id).ToHashSet();
            int present = 0;
            for (int read = 0; read < 40 && present < Busy; read++)
            {
                Thread.Sleep(500);
                var snapshot = small.Read();
                present = snapshot.Cgroups.Count(c => busyIds.Contains(c.Id));
                output.WriteLine($"read {read}: {snapshot.Cgroups.Count} cgroups, {present} of {Busy} busy ones, {snapshot.Sensor!.Errors["bpf_cgroup_map_full"]} events refused");
            }

            // Two more reads a second apart: a busy one kept is still there, not evicted in turn.
            Thread.Sleep(1000);
            small.Read();
            Thread.Sleep(1000);
            var last = small.Read();
            Assert.Equal(busyIds.Order(), last.Cgroups.Select(c => c.Id).Where(busyIds.Contains).Order());
            Assert.True(last.Sensor!.Errors["bpf_cgroup_map_full"] > 0, "200 cgroups did not fill a map of 64");

            var first = log.Entries.Where(e => e.Message.StartsWith("Cgroup map full (--max-cgroups 64)", StringComparison.Ordinal)).ToList();
            Assert.Single(first);
            Assert.Equal(LogLevel.Warning, first[0].Level);

            var health = await new MapPressureHealthCheck(small).CheckHealthAsync(new HealthCheckContext());
            output.WriteLine($"readyz: {health.Status}: {health.Description}");
            Assert.Equal(HealthStatus.Degraded, health.Status);
            Assert.Contains("cgroups not tracked", health.Description, StringComparison.Ordinal);

            // At most 64 of the ≥ 201 cgroups (ours and the hierarchy's root) hold a slot: ≥ 137 are counted as not tracked.
            double untracked = RegistryValue.Of(small.Metrics.Registry, "ktruth_sensor_cgroups_untracked");
            output.WriteLine($"ktruth_sensor_cgroups_untracked {untracked}");
            Assert.InRange(untracked, Idle + Busy + 1 - 64, double.MaxValue);
        }
        finally
        {
            busy.Concat(idle).ToList().ForEach(cg => cg.Dispose());
        }
    }
}
