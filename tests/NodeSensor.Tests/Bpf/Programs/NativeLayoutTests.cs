using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using KernelTruth.NodeSensor.Bpf.Programs;

namespace KernelTruth.NodeSensor.Tests.Bpf.Programs;

/// <summary>
/// Every C# mirror of a BPF struct has the size the compiler gave the C struct, read from the
/// BTF inside the very object the sensor embeds (bpftool btf dump).
/// </summary>
public sealed class NativeLayoutTests
{
    [Theory]
    [InlineData("sched_events", "cgroup_sched_stats", typeof(CgroupSchedStatsNative))]
    [InlineData("sched_events", "sched_events_config", typeof(SchedEventsConfigNative))]
    [InlineData("sched_events", "wait_hist", typeof(WaitHistNative))]
    [InlineData("cfs_period", "cfs_period_stats", typeof(CfsPeriodStatsNative))]
    [InlineData("cfs_period", "cfs_period_config", typeof(CfsPeriodConfigNative))]
    [InlineData("cfs_period", "usage_hist", typeof(UsageHistNative))]
    [InlineData("cfs_period", "period_record", typeof(PeriodRecordNative))]
    [InlineData("start_timeline", "start_timeline", typeof(CgroupStartTimelineNative))]
    public void Size_MirroredStruct_EqualsBtfSizeInEmbeddedObject(string objectName, string cStruct, Type mirror)
    {
        Assert.Equal(BtfStructSize(objectName, cStruct), SizeOf(mirror));
    }

    private static int SizeOf(Type t) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static int BtfStructSize(string objectName, string cStruct)
    {
        string path = Path.Combine(Path.GetTempPath(), $"ktruth-{objectName}-{Environment.ProcessId}.bpf.o");
        File.WriteAllBytes(path, EmbeddedBpfObjects.Read(objectName));
        try
        {
            var psi = new ProcessStartInfo("bpftool", ["btf", "dump", "file", path, "format", "raw"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("bpftool did not start");
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"bpftool failed (apt-get install -y bpftool): {p.StandardError.ReadToEnd()}");
            var match = Regex.Match(output, $@"STRUCT '{Regex.Escape(cStruct)}' size=(\d+)");
            Assert.True(match.Success, $"struct {cStruct} is not in the BTF of {objectName}");
            return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
