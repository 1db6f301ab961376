using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Tests.Fakes;

namespace KernelTruth.Cli.Tests.Commands;

public sealed class BurstCommandTests
{
    [Fact]
    public void Parse_DemoWorkload_ThirtyMsEveryHundredIsPointThreeCores()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["burst", "--burst-ms", "30", "--every-ms", "100", "--threads", "1", "--seconds", "5"]);

        Assert.Empty(parse.Errors);
        var s = BurstCommand.ToSettings(parse.CommandResult);
        Assert.Empty(s.Validate());
        Assert.Equal(0.3, s.DemandCores, 9); // 1 thread × 30 ms / 100 ms
    }

    [Fact]
    public void Parse_Missed_SkipByDefaultQueueWhenAsked()
    {
        var env = new TestEnvironment().Env;

        var skip = BurstCommand.ToSettings(KtruthCommand.Create(env).Parse(["burst"]).CommandResult);
        var queue = BurstCommand.ToSettings(KtruthCommand.Create(env).Parse(["burst", "--missed", "queue"]).CommandResult);

        Assert.Equal((MissedSlots.Skip, MissedSlots.Queue), (skip.Missed, queue.Missed));
    }

    [Fact]
    public void Validate_BurstLongerThanItsSlot_ErrorNamesBoth()
    {
        var parse = KtruthCommand.Create(new TestEnvironment().Env).Parse(["burst", "--burst-ms", "150", "--every-ms", "100"]);

        var error = Assert.Single(BurstCommand.ToSettings(parse.CommandResult).Validate());
        Assert.Contains("--burst-ms 150 is longer than --every-ms 100", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_Root_DoesNotListTheHiddenWorkload()
    {
        var test = new TestEnvironment();

        KtruthCommand.Create(test.Env).Parse(["--help"]).Invoke(KtruthCommand.Invocation(test.Env));

        string help = test.Out.ToString();
        Assert.Contains("watch", help, StringComparison.Ordinal);
        Assert.Contains("recommend", help, StringComparison.Ordinal);
        Assert.Contains("demo", help, StringComparison.Ordinal);
        Assert.DoesNotContain("burst ", help, StringComparison.Ordinal);
    }
}
