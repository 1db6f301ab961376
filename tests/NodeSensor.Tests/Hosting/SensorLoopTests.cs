using KernelTruth.NodeSensor.Hosting;
using KernelTruth.NodeSensor.Tests.Fakes;
using KernelTruth.NodeSensor.Tests.Prometheus;
using Microsoft.Extensions.Logging;

namespace KernelTruth.NodeSensor.Tests.Hosting;

/// <summary>Health = a read finished within 5 intervals, on a clock the test moves.</summary>
public sealed class SensorLoopTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ScriptedSnapshotReader _reader = new();
    private readonly ListLogger<SensorLoop> _logger = new();

    [Fact]
    public void IsHealthy_BeforeFirstRead_UnhealthyNoSnapshotYet()
    {
        var loop = Loop(TimeSpan.FromSeconds(1));

        Assert.False(loop.IsHealthy(out string reason));
        Assert.Equal("no snapshot has been read yet", reason);
    }

    [Fact]
    public void IsHealthy_ReadJustSucceeded_Healthy()
    {
        var loop = Loop(TimeSpan.FromSeconds(1));

        loop.RunOnce(CancellationToken.None);

        Assert.True(loop.IsHealthy(out string reason));
        Assert.Equal("last snapshot read 0.0 s ago", reason);
    }

    [Theory]
    [InlineData(1000, 5000, true)] // 5 × 1 s = 5 s: the boundary itself is still healthy
    [InlineData(1000, 5001, false)]
    [InlineData(200, 1000, true)] // 5 × 200 ms = 1 s
    [InlineData(200, 1001, false)]
    [InlineData(5000, 25_000, true)] // 5 × 5 s = 25 s
    [InlineData(5000, 25_001, false)]
    public void IsHealthy_AgeOfLastSuccess_HealthyUpToFiveIntervals(int intervalMs, int ageMs, bool healthy)
    {
        var loop = Loop(TimeSpan.FromMilliseconds(intervalMs));
        loop.RunOnce(CancellationToken.None);

        _clock.Advance(TimeSpan.FromMilliseconds(ageMs));

        Assert.Equal(healthy, loop.IsHealthy(out string reason));
        Assert.Equal($"last snapshot read {ageMs / 1000.0:N1} s ago", reason);
    }

    [Fact]
    public void IsHealthy_FirstReadFails_StaysUnhealthyAndLogsFailure()
    {
        var loop = Loop(TimeSpan.FromSeconds(1));
        _reader.Failure = new IOException("map read failed");

        loop.RunOnce(CancellationToken.None);

        Assert.Equal(1, _reader.Reads);
        Assert.False(loop.IsHealthy(out string reason));
        Assert.Equal("no snapshot has been read yet", reason);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Same(_reader.Failure, entry.Exception);
    }

    [Fact]
    public void IsHealthy_ReadsFailAfterASuccess_AgeCountsFromTheLastSuccess()
    {
        var loop = Loop(TimeSpan.FromSeconds(1));
        loop.RunOnce(CancellationToken.None);
        _reader.Failure = new IOException("map read failed");

        // Failed reads at 1 s … 4 s: 4 s since the success ≤ 5 s, still healthy.
        for (int i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            loop.RunOnce(CancellationToken.None);
        }

        Assert.True(loop.IsHealthy(out _));

        // Two more failures: 6 s since the success > 5 s.
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.RunOnce(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.RunOnce(CancellationToken.None);

        Assert.False(loop.IsHealthy(out string reason));
        Assert.Equal("last snapshot read 6.0 s ago", reason);
        Assert.Equal(6, _logger.Entries.Count);
    }

    [Fact]
    public void IsHealthy_SuccessAfterOutage_HealthyAgain()
    {
        var loop = Loop(TimeSpan.FromSeconds(1));
        loop.RunOnce(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(loop.IsHealthy(out _));

        loop.RunOnce(CancellationToken.None);

        Assert.True(loop.IsHealthy(out _));
    }

    [Fact]
    public void RunOnce_ReadFailsWhileStopping_ExceptionPropagates()
    {
        var loop = Loop(TimeSpan.FromSeconds(1));
        _reader.Failure = new OperationCanceledException("stopping");
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        Assert.Throws<OperationCanceledException>(() => loop.RunOnce(stopping.Token));
        Assert.Empty(_logger.Entries);
    }

    private SensorLoop Loop(TimeSpan interval) => new(_reader, new SensorOptions { Interval = interval }, _clock, _logger);
}
