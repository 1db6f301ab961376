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
            ["recommend", "--cgroup", "/sys/fs/cgroup/cpu/x", "--seconds", "60", "--slo-throttled", "0.05", "--slo-throttle-wait", "500ms", "--json"]);

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
    [InlineData("--seconds", "thirty", "'thirty'")]
    [InlineData("--slo-throttled", "1%", "'1%'")]
    public void Parse_BadValue_ErrorNamesTheValue(string option, string value, string expected)
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["recommend", "--cgroup", "/x", option, value]);

        Assert.Contains(parse.Errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_ValuesOutOfRange_ExitCode1AndEveryErrorNamesItsValue()
    {
        var test = new TestEnvironment();

        int exit = await KtruthCommand.Create(test.Env).Parse(["recommend", "--cgroup", "/x", "--seconds", "1", "--slo-throttled", "1.5", "--slo-throttle-wait", "11s"])
            .InvokeAsync(KtruthCommand.Invocation(test.Env));

        Assert.Equal(CliExitCodes.Failed, exit);
        string stderr = test.Error.ToString();
        Assert.Contains("--seconds 1 is outside 2–3600", stderr, StringComparison.Ordinal);
        Assert.Contains("--slo-throttled 1.5 must be a ratio in (0, 1)", stderr, StringComparison.Ordinal);
        Assert.Contains("--slo-throttle-wait 11s is outside 0–10s", stderr, StringComparison.Ordinal);
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
