using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Tests.Fakes;
using KernelTruth.NodeSensor.Cgroups;

namespace KernelTruth.Cli.Tests.Observing;

/// <summary>
/// A cgroup is named on the command line as the sensor reports it (escaped: "\xNN" for a byte that is not UTF-8,
/// "\\" for a backslash) or as /proc/&lt;pid&gt;/cgroup prints it (a backslash is a backslash); the target's path is
/// always the escaped form, which the observer matches against snapshots.
/// </summary>
public sealed class CgroupTargetTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("ktruth-target-").FullName;
    private readonly CpuHierarchy _hierarchy;

    public CgroupTargetTests()
    {
        _hierarchy = new CpuHierarchy(1, _mount, null, null);
    }

    [Theory]
    [InlineData("/f\\xffo")]
    [InlineData("f\\xFFo")] // upper-case hex, no leading slash: the same cgroup
    public void Resolve_EscapedNameOfCgroupNamedWithInvalidUtf8_EscapedPathAndItsDirectory(string given)
    {
        NonUtf8Directory.Create(_mount);
        try
        {
            var target = CgroupTarget.Resolve(given, _hierarchy);

            Assert.Equal("/" + NonUtf8Directory.EscapedName, target.Path);
            Assert.True(CgroupFileSystem.DirectoryExists(target.CpuDirectory));
        }
        finally
        {
            CgroupFileSystem.RemoveDirectory(Path.Join(_mount, NonUtf8Directory.EscapedName));
        }
    }

    [Theory]
    [InlineData("/system.slice/a\\x2db.service")] // decodes to a-b.service, which does not exist
    [InlineData("/system.slice/a\\x2db.service/")]
    public void Resolve_SystemdNameWithLiteralBackslash_FallsBackToLiteralAndReportsEscapedForm(string given)
    {
        Directory.CreateDirectory(Path.Join(_mount, "system.slice", "a\\x2db.service"));

        var target = CgroupTarget.Resolve(given, _hierarchy);

        Assert.Equal("/system.slice/a\\\\x2db.service", target.Path);
        Assert.Equal(Path.Join(_mount, "system.slice", "a\\\\x2db.service"), target.CpuDirectory); // escaped text too
        Assert.True(CgroupFileSystem.DirectoryExists(target.CpuDirectory));
    }

    [Fact]
    public void Resolve_BackslashThatIsNoEscape_LiteralDirectoryFound()
    {
        Directory.CreateDirectory(Path.Join(_mount, "a\\q"));

        Assert.Equal("/a\\\\q", CgroupTarget.Resolve("/a\\q", _hierarchy).Path);
    }

    [Fact]
    public void Resolve_EscapedAndLiteralBothExist_EscapedReadingWins()
    {
        Directory.CreateDirectory(Path.Join(_mount, "a-b"));
        Directory.CreateDirectory(Path.Join(_mount, "a\\x2db"));

        Assert.Equal("/a-b", CgroupTarget.Resolve("/a\\x2db", _hierarchy).Path);
        Assert.Equal("/a\\\\x2db", CgroupTarget.Resolve("/a\\\\x2db", _hierarchy).Path);
    }

    [Fact]
    public void Resolve_BackslashPathThatExistsNeitherWay_OneLineErrorExplainsBothReadings()
    {
        var error = Assert.Throws<CliFailure>(() => CgroupTarget.Resolve("/nothing\\xffhere", _hierarchy));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("'\\xNN' is the byte NN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    public void Dispose() => Directory.Delete(_mount, recursive: true);
}
