using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Commands;

/// <summary>`ktruth watch` parsed in process: nothing here starts the sensor.</summary>
public sealed class WatchCommandTests
{
    [Fact]
    public void Parse_NoOptions_Defaults()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["watch"]);

        Assert.Empty(parse.Errors);
        var settings = WatchCommand.ToSettings(parse.CommandResult);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Interval);
        Assert.Null(settings.Duration);
        Assert.False(settings.Json);
        Assert.Equal("/var/lib/ktruth/state.json", settings.StatePath);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.CheckpointInterval);
        Assert.Equal(TimeSpan.FromDays(8), settings.ModelIdleTtl);
        Assert.Equal(TimeSpan.FromDays(8), settings.ToRecommenderOptions().ModelIdleTtl);
        Assert.False(settings.PodsOnly);
        Assert.Equal(15, settings.Top);
        Assert.Empty(settings.Validate());
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1.5s", 1.5)]
    public void Parse_DurationAsPeopleWriteIt_Seconds(string text, double seconds)
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["watch", "--duration", text, "--checkpoint-interval", text]);

        Assert.Empty(parse.Errors);
        var settings = WatchCommand.ToSettings(parse.CommandResult);
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.Duration);
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.CheckpointInterval);
    }

    [Fact]
    public void Parse_EveryOption_Values()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(
            ["watch", "--interval", "500ms", "--duration", "30s", "--json", "--state", "/tmp/s.json", "--checkpoint-interval", "2m", "--pods-only", "--top", "5"]);

        Assert.Empty(parse.Errors);
        var s = WatchCommand.ToSettings(parse.CommandResult);
        Assert.Equal(new WatchSettings
        {
            Interval = TimeSpan.FromMilliseconds(500),
            Duration = TimeSpan.FromSeconds(30),
            Json = true,
            StatePath = "/tmp/s.json",
            CheckpointInterval = TimeSpan.FromMinutes(2),
            PodsOnly = true,
            Top = 5,
        }, s);
    }

    [Theory]
    [InlineData("--duration", "30x")]
    [InlineData("--interval", "fast")]
    [InlineData("--checkpoint-interval", "-5s")]
    [InlineData("--duration", "s")]
    [InlineData("--model-idle-ttl", "1e300h")]
    public void Parse_NotADuration_ErrorNamesOptionAndValue(string option, string value)
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["watch", option, value]);

        var error = Assert.Single(parse.Errors);
        Assert.Contains($"{option} '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ValuesOutOfRange_ExitCode2AndEveryErrorNamesItsValue()
    {
        var test = new TestEnvironment();

        int exit = await KtruthCommand.RunAsync(test.Env, ["watch", "--interval", "10s", "--top", "0", "--checkpoint-interval", "500ms"]);

        Assert.Equal(CliExitCodes.Usage, exit);
        string stderr = test.Error.ToString();
        Assert.Contains("--interval 10s is outside 100ms–5s", stderr, StringComparison.Ordinal);
        Assert.Contains("--top 0 is outside 1–200", stderr, StringComparison.Ordinal);
        Assert.Contains("--checkpoint-interval 500ms is shorter than 1s", stderr, StringComparison.Ordinal);
        Assert.Empty(test.Out.ToString());
    }

    [Theory]
    [InlineData("30s", "--model-idle-ttl 30 s is outside 60 s – 365 d")]
    [InlineData("9000h", "--model-idle-ttl 375 d is outside 60 s – 365 d")]
    public void Validate_ModelIdleTtlOutOfRange_OneErrorNamingTheOption(string value, string expected)
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["watch", "--model-idle-ttl", value]);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, Assert.Single(WatchCommand.ToSettings(parse.CommandResult).Validate()));
    }
}
