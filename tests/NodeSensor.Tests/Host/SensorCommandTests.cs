using System.CommandLine;
using KernelTruth.NodeSensor.Host;
using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.NodeSensor.Tests.Host;

/// <summary>The ktruth-sensor command line, parsed in process: nothing here starts the sensor.</summary>
public sealed class SensorCommandTests
{
    private static readonly string[] SensorOptionNames = ["--listen", "--cgroup-root", "--all", "--interval", "--max-cgroups", "--once"];

    [Fact]
    public void Invoke_Help_MentionsEveryOptionAndExitsZero()
    {
        var command = SensorCommand.Create();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        string help = output.ToString();
        Assert.Equal(0, exit);
        Assert.Empty(error.ToString());
        Assert.Subset(command.Options.Select(o => o.Name).ToHashSet(), SensorOptionNames.ToHashSet());
        foreach (var option in command.Options)
        {
            Assert.Contains(option.Name, help, StringComparison.Ordinal);
            Assert.Contains(option.Description ?? "", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_NoArguments_Defaults()
    {
        var result = SensorCommand.Create().Parse([]);

        Assert.Empty(result.Errors);
        Assert.Equal(SensorDefaults.Listen, result.GetValue<string>("--listen"));
        Assert.Null(result.GetValue<string?>("--cgroup-root"));
        Assert.False(result.GetValue<bool>("--all"));
        Assert.Equal(SensorDefaults.Interval, SensorCommand.ToOptions(result).Interval);
        Assert.Equal(SensorDefaults.MaxCgroups, result.GetValue<uint>("--max-cgroups"));
        Assert.False(result.GetValue<bool>("--once"));
    }

    [Fact]
    public void Parse_EveryOptionGiven_Values()
    {
        var result = SensorCommand.Create().Parse(
            ["--listen", "0.0.0.0:9471", "--cgroup-root", "/sys/fs/cgroup/cpu", "--all", "--interval", "500ms", "--max-cgroups", "4096", "--once"]);

        Assert.Empty(result.Errors);
        Assert.Equal("0.0.0.0:9471", result.GetValue<string>("--listen"));
        Assert.Equal("/sys/fs/cgroup/cpu", result.GetValue<string?>("--cgroup-root"));
        Assert.True(result.GetValue<bool>("--all"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), SensorCommand.ToOptions(result).Interval);
        Assert.Equal(4096u, result.GetValue<uint>("--max-cgroups"));
        Assert.True(result.GetValue<bool>("--once"));
    }

    [Fact]
    public void Parse_IntervalNotADuration_ErrorNamingTheValue()
    {
        var result = SensorCommand.Create().Parse(["--interval", "2x"]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("'2x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("500ms", error.Message, StringComparison.Ordinal); // says what a duration looks like
    }

    [Fact]
    public void Parse_UnknownOption_ErrorNamingIt()
    {
        var result = SensorCommand.Create().Parse(["--bogus"]);

        Assert.Contains(result.Errors, e => e.Message.Contains("--bogus", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MaxCgroupsNegative_ErrorNamingOptionAndValue()
    {
        var result = SensorCommand.Create().Parse(["--max-cgroups", "-1"]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("--max-cgroups", error.Message, StringComparison.Ordinal);
        Assert.Contains("'-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_ParseError_NonZeroExitWithErrorOnStderrAndNoSensorStarted()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Had the action run, it would have tried to start the sensor and printed a snapshot or
        // "ktruth-sensor: ..." instead.
        int exit = SensorCommand.Create().Parse(["--interval", "2x", "--once"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.NotEqual(0, exit);
        Assert.Contains("'2x'", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ktruth-sensor:", error.ToString(), StringComparison.Ordinal);
    }
}
