using System.Text.Json;
using KernelTruth.Cli.Commands;
using KernelTruth.Cli.Configuration;
using KernelTruth.Cli.Observing;
using KernelTruth.Cli.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelTruth.Cli.Tests.Fakes.Snapshots;

namespace KernelTruth.Cli.Tests.Output;

/// <summary>`ktruth recommend --json` and the text report, from an observation of scripted snapshots.</summary>
public sealed class RecommendDocumentTests
{
    [Fact]
    public async Task Print_Json_HasTheDocumentedShape()
    {
        var test = new TestEnvironment();
        var observation = await Observe();

        new RecommendRunner(test.Env).Print(observation, json: true);

        using var doc = JsonDocument.Parse(test.Out.ToString());
        var root = doc.RootElement;
        Assert.Equal("ktruth.io/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("Recommendation", root.GetProperty("kind").GetString());
        Assert.Equal("/demo", root.GetProperty("cgroup").GetString());

        var cpu = root.GetProperty("cpu");
        Assert.Equal(observation.Recommendation.Cpu.RequestCores, cpu.GetProperty("requestCores").GetDouble());
        Assert.Equal(observation.Recommendation.Cpu.LimitCores, cpu.GetProperty("limitCores").GetDouble()); // a number: an SLO limit
        var memory = root.GetProperty("memory");
        Assert.True(memory.GetProperty("requestBytes").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, memory.GetProperty("limitBytes").ValueKind); // no memory limit by default
        Assert.Equal(observation.Recommendation.Baseline.Cpu.RequestCores, root.GetProperty("baseline").GetProperty("cpu").GetProperty("requestCores").GetDouble());

        var evidence = root.GetProperty("evidence");
        Assert.Equal(JsonValueKind.Object, evidence.ValueKind);
        Assert.Equal(0.01, evidence.GetProperty("throttledPeriodsSlo").GetDouble());
        Assert.Equal(0.01, evidence.GetProperty("throttleWaitSlo").GetDouble()); // 10 ms, in seconds
        Assert.Equal("Extrapolated", evidence.GetProperty("limitBasis").GetString());
        Assert.Equal(JsonValueKind.Array, evidence.GetProperty("notes").ValueKind);

        var observed = root.GetProperty("observed");
        Assert.Equal(0.8, observed.GetProperty("throttledPeriodsRatio").GetDouble(), 9);
        Assert.Equal(0.19, observed.GetProperty("usageCores").GetDouble(), 9);
        Assert.Empty(test.Console.ToString()); // nothing else on stdout: the document alone
    }

    [Fact]
    public async Task Print_Json_CarriesTheEnginesPredictedEffect()
    {
        var test = new TestEnvironment();
        var observation = await Observe();
        Assert.NotNull(observation.Simulated); // the observer passes on what the engine attached

        new RecommendRunner(test.Env).Print(observation, json: true);

        using var doc = JsonDocument.Parse(test.Out.ToString());
        var simulated = doc.RootElement.GetProperty("simulated");
        Assert.Equal(observation.Simulated.LimitCores, simulated.GetProperty("limitCores").GetDouble());
        Assert.Equal(observation.Recommendation.Cpu.LimitCores, simulated.GetProperty("limitCores").GetDouble());
        Assert.Equal(observation.Simulated.ThrottledPeriodsRatio, simulated.GetProperty("throttledPeriodsRatio").GetDouble());
        Assert.Equal(observation.Simulated.ThrottleWaitP99Seconds, simulated.GetProperty("throttleWaitP99Seconds").GetDouble());
        Assert.Equal(observation.Simulated.Extrapolated, simulated.GetProperty("extrapolated").GetBoolean());
    }

    [Fact]
    public async Task Print_Text_KernelTruthBesideTheVpaBaselineWithEvidence()
    {
        var test = new TestEnvironment();

        new RecommendRunner(test.Env).Print(await Observe(), json: false);

        string text = test.Console.ToString();
        Assert.Contains("What the kernel did", text, StringComparison.Ordinal);
        Assert.Contains("what metrics-server / kubectl top show", text, StringComparison.Ordinal);
        Assert.Contains("80.0% (40 of 50)", text, StringComparison.Ordinal); // 8 of 10 periods throttled, 5 s
        Assert.Contains("kernel-truth", text, StringComparison.Ordinal);
        Assert.Contains("VPA baseline", text, StringComparison.Ordinal);
        Assert.Contains("SLO: ≤ 1.0% of periods throttled and throttle-wait p99 ≤ 10ms", text, StringComparison.Ordinal);
        // Five seconds hold no whole minute: VPA has nothing yet, and the report says so rather than show its floor.
        Assert.Contains("VPA baseline: n/a", text, StringComparison.Ordinal);
        Assert.Empty(test.Out.ToString());
    }

    internal static Task<CgroupObservation> Observe()
    {
        var sensor = new ScriptedSensor(k => Node(k, Throttled(k)));
        var plan = new ObservationPlan(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));
        var settings = new RecommendSettings { Cgroup = "/demo" };
        return new CgroupObserver(sensor, TimeProvider.System, NullLogger.Instance).ObserveAsync(new CgroupTarget("/demo", "/nonexistent/demo"), plan, settings.ToPolicy(), null, CancellationToken.None);
    }
}
