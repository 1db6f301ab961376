using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.NodeSensor.Tests.Cgroups;

public sealed class MountInfoEntryTests
{
    [Fact]
    public void Parse_SeveralOptionalFields_FindsFsTypeAfterTheSeparator()
    {
        var entry = MountInfoEntry.Parse(
            "33 28 0:30 / /sys/fs/cgroup/cpu rw,nosuid shared:11 master:3 - cgroup cgroup rw,cpu,cpuacct", "mi");

        Assert.Equal("/", entry.Root);
        Assert.Equal("/sys/fs/cgroup/cpu", entry.MountPoint);
        Assert.Equal("cgroup", entry.FsType);
        Assert.Equal(["rw", "cpu", "cpuacct"], entry.SuperOptions);
    }

    [Fact]
    public void Parse_EscapedSpaceInMountPoint_Unescapes()
    {
        var entry = MountInfoEntry.Parse(@"49 22 8:17 / /media/usb\040stick rw shared:20 - vfat /dev/sdb1 rw", "mi");

        Assert.Equal("/media/usb stick", entry.MountPoint);
    }

    [Fact]
    public void Parse_NoSeparator_ThrowsNamingFileAndLine()
    {
        var error = Assert.Throws<InvalidDataException>(() => MountInfoEntry.Parse("33 28 0:30 / /x rw cgroup", "/proc/1/mountinfo"));

        Assert.Contains("/proc/1/mountinfo", error.Message);
        Assert.Contains("33 28 0:30 / /x rw cgroup", error.Message);
    }
}
