using System.Net;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.NodeSensor.Tests.Hosting;

public sealed class SensorOptionsTests
{
    private const string MissingDirectory = "/nonexistent/ktruth-test/cgroup-root";

    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new SensorOptions().Validate());
    }

    [Fact]
    public void Validate_ValuesOnTheRangeBoundaries_NoErrors()
    {
        var options = new SensorOptions
        {
            Listen = "0.0.0.0:65535",
            Interval = SensorDefaults.MinInterval,
            MaxCgroups = SensorDefaults.MinMaxCgroups,
            CgroupRoot = Path.GetTempPath(),
        };

        Assert.Empty(options.Validate());
        Assert.Empty((options with { Interval = SensorDefaults.MaxInterval, MaxCgroups = SensorDefaults.MaxMaxCgroups }).Validate());
    }

    [Theory]
    [InlineData("9470")]
    [InlineData("host:")]
    [InlineData("a.b.c:80")]
    [InlineData("1.2.3.4:99999")]
    [InlineData("")]
    public void Validate_BadListen_OneErrorNamingFlagValueAndForm(string listen)
    {
        var error = Assert.Single(new SensorOptions { Listen = listen }.Validate());

        Assert.Contains("--listen", error, StringComparison.Ordinal);
        Assert.Contains($"'{listen}'", error, StringComparison.Ordinal);
        Assert.Contains("host:port", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(99)] // just under the 100 ms floor
    [InlineData(5001)] // just over the 5 s ceiling
    [InlineData(0)]
    public void Validate_IntervalOutOfRange_OneErrorNamingFlagAndRange(int milliseconds)
    {
        var error = Assert.Single(new SensorOptions { Interval = TimeSpan.FromMilliseconds(milliseconds) }.Validate());

        Assert.Contains("--interval", error, StringComparison.Ordinal);
        Assert.Contains($"{milliseconds} ms", error, StringComparison.Ordinal);
        Assert.Contains("100 ms–5 s", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(63u)]
    [InlineData(65537u)]
    [InlineData(0u)]
    public void Validate_MaxCgroupsOutOfRange_OneErrorNamingFlagAndRange(uint maxCgroups)
    {
        var error = Assert.Single(new SensorOptions { MaxCgroups = maxCgroups }.Validate());

        Assert.Contains($"--max-cgroups {maxCgroups}", error, StringComparison.Ordinal);
        Assert.Contains("64–65536", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CgroupRootMissing_OneErrorNamingFlagAndPath()
    {
        var error = Assert.Single(new SensorOptions { CgroupRoot = MissingDirectory }.Validate());

        Assert.Contains("--cgroup-root", error, StringComparison.Ordinal);
        Assert.Contains(MissingDirectory, error, StringComparison.Ordinal);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryValueBad_ReportsAllFourAtOnce()
    {
        var options = new SensorOptions
        {
            Listen = "9470",
            Interval = TimeSpan.FromSeconds(10),
            MaxCgroups = 1,
            CgroupRoot = MissingDirectory,
        };

        var errors = options.Validate();

        Assert.Collection(
            errors,
            e => Assert.StartsWith("--listen ", e, StringComparison.Ordinal),
            e => Assert.StartsWith("--interval ", e, StringComparison.Ordinal),
            e => Assert.StartsWith("--max-cgroups ", e, StringComparison.Ordinal),
            e => Assert.StartsWith("--cgroup-root ", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:9470", "127.0.0.1", 9470)]
    [InlineData("0.0.0.0:1", "0.0.0.0", 1)]
    [InlineData("[::1]:9470", "::1", 9470)]
    [InlineData("localhost:9470", "127.0.0.1", 9470)]
    public void TryParseListen_HostAndPort_Parsed(string value, string address, int port)
    {
        Assert.True(SensorOptions.TryParseListen(value, out var endPoint));

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("9470")] // no host
    [InlineData("127.1:80")] // shorthand IPv4
    [InlineData("1:80")]
    [InlineData("::1:9470")] // IPv6 without brackets
    [InlineData("[::1:80")]
    [InlineData("127.0.0.1:0")] // port 0 would bind a random port
    [InlineData("host:")] // no port
    [InlineData("a.b.c:80")] // host names other than localhost are not resolved
    [InlineData("1.2.3.4:99999")] // port above 65535
    public void TryParseListen_NotHostPort_Rejected(string value)
    {
        Assert.False(SensorOptions.TryParseListen(value, out _));
    }
}
