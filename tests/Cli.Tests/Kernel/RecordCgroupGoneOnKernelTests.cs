using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Recording;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Kernel;

/// <summary>`ktruth record` when a recorded cgroup is removed part way: the others and what was recorded are kept.</summary>
[Collection(CliKernelCollection.Name)]
public sealed class RecordCgroupGoneOnKernelTests(CliSensorFixture sensor)
{
    [Fact]
    public async Task RecordAsync_OneCgroupRemovedMidway_BothKeptTheRemovedOneShorterWithoutSummary()
    {
        var hierarchy = sensor.Hierarchy;
        string stays = $"/ktruth-record-stays-{Environment.ProcessId}", goes = $"/ktruth-record-goes-{Environment.ProcessId}";
        var made = new List<string>();
        foreach (string path in new[] { stays, goes })
        {
            foreach (string? dir in new[] { hierarchy.CpuDirectory(path), hierarchy.CpuacctDirectory(path) }.Distinct())
            {
                if (dir is not null && !Directory.Exists(dir))
                {
                    Directory.CreateDirectory(dir);
                    made.Add(dir);
                }
            }
        }

        try
        {
            var test = new TestEnvironment();
            var targets = new[] { CgroupTarget.Resolve(stays, hierarchy), CgroupTarget.Resolve(goes, hierarchy) };

            // Both are empty and unlimited, so both are sampled in 100 ms windows: ~30 in 3 s; the removed one stops at ~10.
            var recording = new RecordRunner(test.Env).RecordAsync(targets, sensor.Runtime, hierarchy, TimeSpan.FromSeconds(3), CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (string dir in made.Where(d => d.Contains(goes, StringComparison.Ordinal)))
            {
                Directory.Delete(dir);
            }

            var trace = await recording;

            var kept = Assert.Single(trace.Cgroups, c => c.Path == stays);
            var gone = Assert.Single(trace.Cgroups, c => c.Path == goes);
            Assert.NotNull(kept.Summary);
            Assert.Null(gone.Summary);
            Assert.True(kept.PeriodCount >= 20, $"the cgroup that stayed has {kept.PeriodCount} windows of 100 ms in 3 s");
            Assert.True(gone.PeriodCount < kept.PeriodCount, $"the removed cgroup has {gone.PeriodCount} windows, the one that stayed {kept.PeriodCount}");
            Assert.Contains($"ktruth: warning: cgroup {goes} went away during the recording", test.Error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            foreach (string dir in Enumerable.Reverse(made).Where(Directory.Exists))
            {
                Directory.Delete(dir);
            }
        }
    }
}
