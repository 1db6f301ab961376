using KernelTruth.Models;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Configuration;

namespace KernelTruth.Recommender.Tests.Configuration;

public sealed class RecommenderOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrorsAndDocumentedValues()
    {
        var options = new RecommenderOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(TimeSpan.FromSeconds(10), options.IngestInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.FitInterval);
        Assert.Equal(TimeSpan.FromSeconds(60), options.CheckpointInterval);
        Assert.Equal("/var/lib/ktruth/state.json", options.StateFile);
        Assert.Equal(0.01, options.ThrottledPeriodsSlo);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.ThrottleWaitSlo);
        Assert.Equal(LimitMode.Slo, options.LimitMode);
        Assert.Empty(options.SensorUrls);
    }

    [Fact]
    public void Validate_EverythingWrong_EveryErrorReportedAtOnce()
    {
        var options = new RecommenderOptions
        {
            IngestInterval = TimeSpan.FromMilliseconds(50),
            FitInterval = TimeSpan.FromHours(2),
            CheckpointInterval = TimeSpan.Zero,
            SensorTimeout = TimeSpan.FromMilliseconds(10),
            StateFile = " ",
            SensorUrls = ["ftp://node-1:9470", "not a url"],
            ThrottledPeriodsSlo = 1.5,
            ThrottleWaitSlo = TimeSpan.FromSeconds(-1),
            Model = new ModelOptions { DemandMaxEntries = 2 },
        };

        var errors = options.Validate();

        Assert.Collection(errors,
            e => Assert.Equal("IngestInterval 50 ms is outside 100 ms – 600 s", e),
            e => Assert.Equal("FitInterval 7200 s is outside 100 ms – 3600 s", e),
            e => Assert.Equal("CheckpointInterval 0 ms is outside 1 s – 3600 s", e),
            e => Assert.Equal("SensorTimeout 10 ms is outside 100 ms – 600 s", e),
            e => Assert.StartsWith("StateFile is empty: set it to a file path", e, StringComparison.Ordinal),
            e => Assert.StartsWith("SensorUrls entry 'ftp://node-1:9470' is not an absolute http or https URL", e, StringComparison.Ordinal),
            e => Assert.StartsWith("SensorUrls entry 'not a url'", e, StringComparison.Ordinal),
            e => Assert.StartsWith("ThrottledPeriodsSlo must be in (0, 1)", e, StringComparison.Ordinal),
            e => Assert.StartsWith("ThrottleWaitSlo must be in [0, 10 s]", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Model.DemandMaxEntries must be in [8, 4096]", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_FitFasterThanIngest_Error()
    {
        var options = new RecommenderOptions { IngestInterval = TimeSpan.FromSeconds(30), FitInterval = TimeSpan.FromSeconds(10) };

        Assert.Equal("FitInterval 10 s is outside 30 s – 3600 s", Assert.Single(options.Validate()));
    }

    [Fact]
    public void Validate_SensorTimeoutLongerThanIngest_Error()
    {
        var options = new RecommenderOptions { SensorTimeout = TimeSpan.FromSeconds(11), SensorUrls = ["http://10.0.0.7:9470/"] };

        Assert.Equal("SensorTimeout 11 s is outside 100 ms – 10 s", Assert.Single(options.Validate()));
    }

    [Fact]
    public void Validate_SensorTimeoutWithoutSensorUrls_NotChecked()
    {
        // The timeout is of SensorUrls' reads; a host whose sensors come otherwise sets its own.
        var options = new RecommenderOptions { SensorTimeout = TimeSpan.FromSeconds(11) };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_WithTheHostsNames_ProblemsNamedAsItsUserKnowsThem()
    {
        var options = new RecommenderOptions { IngestInterval = TimeSpan.FromMinutes(20), FitInterval = TimeSpan.FromMinutes(20), StateFile = "" };

        var errors = options.Validate(new Dictionary<string, string> { ["IngestInterval"] = "--interval", ["StateFile"] = "--state" });

        Assert.Collection(errors,
            e => Assert.Equal("--interval 1200 s is outside 100 ms – 600 s", e),
            e => Assert.StartsWith("--state is empty", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_StateFileIsADirectory_ErrorSuggestsAFileInIt()
    {
        var options = new RecommenderOptions { StateFile = Path.GetTempPath() };

        Assert.Contains("is a directory: name a file in it", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UndefinedLimitMode_ErrorListsTheModes()
    {
        var options = new RecommenderOptions { LimitMode = (LimitMode)7 };

        Assert.Equal("LimitMode 7 is not one of Slo, NoLimit", Assert.Single(options.Validate()));
    }

    [Fact]
    public void ThrowIfInvalid_TwoErrors_MessageListsBothOneALine()
    {
        var options = new RecommenderOptions { IngestInterval = TimeSpan.Zero, StateFile = "" };

        var error = Assert.Throws<RecommenderConfigurationException>(options.ThrowIfInvalid);

        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith("invalid recommender configuration:\n  - IngestInterval 0 ms is outside 100 ms – 600 s\n  - StateFile is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToPolicy_SloKnobs_CarriedOverRestDefault()
    {
        var options = new RecommenderOptions { ThrottledPeriodsSlo = 0.05, ThrottleWaitSlo = TimeSpan.FromMilliseconds(25), LimitMode = LimitMode.NoLimit };

        var policy = options.ToPolicy();

        Assert.Equal(new RecommendationPolicy { ThrottledPeriodsSlo = 0.05, ThrottleWaitSlo = TimeSpan.FromMilliseconds(25), LimitMode = LimitMode.NoLimit }, policy);
    }
}
