using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Commands;

/// <summary>`ktruth recommend` parsed in process; the invocations here fail before the sensor would load.</summary>
public sealed class RecommendCommandTests
{
    [Fact]
    public void Parse_OnlyCgroup_Defaults()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["recommend", "--cgroup", "/kubepods/pod1/c1"]);

        Assert.Empty(parse.Errors);
        var s = RecommendCommand.ToSettings(parse.CommandResult);
        Assert.Equal("/kubepods/pod1/c1", s.Cgroup);
        Assert.Equal(30, s.Seconds);
        Assert.Equal(0.01, s.SloThrottled);
        Assert.Equal(TimeSpan.FromMilliseconds(10), s.SloThrottleWait);
        Assert.False(s.Json);
        Assert.Empty(s.Validate());
        var policy = s.ToPolicy();
        Assert.Equal(0.01, policy.ThrottledPeriodsSlo);
        Assert.Equal(TimeSpan.FromMilliseconds(10), policy.ThrottleWaitSlo);
    }

    [Fact]
    public void Parse_EveryOption_Values()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(
            ["recommend", "--cgroup", "/sys/fs/cgroup/cpu/x", "--duration", "1m", "--slo-throttled", "0.05", "--slo-throttle-wait", "500ms", "--json"]);

        Assert.Empty(parse.Errors);
        var s = RecommendCommand.ToSettings(parse.CommandResult);
        Assert.Equal(60, s.Seconds);
        Assert.Equal(0.05, s.SloThrottled);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.SloThrottleWait);
        Assert.True(s.Json);
    }

    [Fact]
    public void Parse_NoCgroup_ErrorNamesTheOption()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["recommend"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("--cgroup", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--slo-throttle-wait", "10 msec", "--slo-throttle-wait '10 msec'")]
    [InlineData("--slo-throttle-wait", "ten", "--slo-throttle-wait 'ten'")]
    [InlineData("--duration", "thirty", "--duration 'thirty'")]
    [InlineData("--seconds", "thirty", "'thirty'")]
    [InlineData("--slo-throttled", "1%", "'1%'")]
    public void Parse_BadValue_ErrorNamesTheValue(string option, string value, string expected)
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["recommend", "--cgroup", "/x", option, value]);

        Assert.Contains(parse.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_ValuesOutOfRange_ExitCode2AndEveryErrorNamesItsValue()
    {
        var test = new TestEnvironment();

        int exit = await KtruthCommand.RunAsync(test.Env, ["recommend", "--cgroup", "/x", "--duration", "1s", "--slo-throttled", "1.5", "--slo-throttle-wait", "11s"]);

        Assert.Equal(CliExitCodes.Usage, exit);
        string stderr = test.Error.ToString();
        Assert.Contains("--duration 1s is outside 2s–1h", stderr, StringComparison.Ordinal);
        Assert.Contains("--slo-throttled 1.5 must be a ratio in (0, 1)", stderr, StringComparison.Ordinal);
        Assert.Contains("--slo-throttle-wait 11s is outside 0–10s", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_DeprecatedSeconds_WarnsAndStillCounts()
    {
        var test = new TestEnvironment();
        var parse = KtruthCommand.Create(test.Env).Parse(["recommend", "--cgroup", "/x", "--seconds", "45"]);

        Assert.Equal(45, RecommendCommand.ToSettings(parse.CommandResult).Seconds);
        int exit = await KtruthCommand.RunAsync(test.Env, ["recommend", "--cgroup", "/ktruth-no-such-cgroup", "--seconds", "45"]);

        Assert.Equal(CliExitCodes.Failed, exit);
        Assert.Contains("ktruth: warning: --seconds is deprecated and will be removed; use --duration 45s", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_CgroupThatDoesNotExist_ExitCode1NamesThePathBeforeLoadingTheSensor()
    {
        var test = new TestEnvironment();

        int exit = await KtruthCommand.Create(test.Env).Parse(["recommend", "--cgroup", "/ktruth-no-such-cgroup"]).InvokeAsync(KtruthCommand.Invocation(test.Env));

        Assert.Equal(CliExitCodes.Failed, exit);
        Assert.Contains("cgroup '/ktruth-no-such-cgroup' does not exist", test.Error.ToString(), StringComparison.Ordinal);
    }
}
