using KernelTruth.Simulations.Forecast;

namespace KernelTruth.Simulations.Tests.Forecast;

public sealed class ForecastGuardTests
{
    [Fact]
    public void Trusted_TenPercentOffForAnHour_True()
    {
        var guard = new ForecastGuard();
        for (int i = 0; i < 60; i++)
        {
            guard.Observe(11, 10);
        }

        Assert.Equal(0.1, guard.Error, 6);
        Assert.True(guard.Trusted);
    }

    [Fact]
    public void Trusted_RegimeChangeFiftyPercentOffForTwentyMinutes_FallsBack()
    {
        // 0.1 × e^(−20/30) + 0.5 × (1 − e^(−20/30)) ≈ 0.29 > 0.25 (the weight is 1/30 per minute: (29/30)^20 ≈ 0.508 ⇒ 0.30).
        var guard = new ForecastGuard();
        for (int i = 0; i < 60; i++)
        {
            guard.Observe(11, 10);
        }

        for (int i = 0; i < 20; i++)
        {
            guard.Observe(15, 10);
        }

        Assert.InRange(guard.Error, 0.28, 0.31);
        Assert.False(guard.Trusted);
    }

    [Fact]
    public void Trusted_FewerThanThirtyMatured_False()
    {
        var guard = new ForecastGuard();
        for (int i = 0; i < ForecastGuard.MinMatured - 1; i++)
        {
            guard.Observe(10, 10);
        }

        Assert.False(guard.Trusted);
        guard.Observe(10, 10);
        Assert.True(guard.Trusted);
    }

    [Fact]
    public void FromBytes_SavedAfterFortyChecks_SameCountErrorAndTrust()
    {
        // 40 forecasts, 10 % then 20 % off: matured 40, an error between the two.
        var guard = new ForecastGuard();
        for (int i = 0; i < 40; i++)
        {
            guard.Observe(i < 20 ? 11 : 12, 10);
        }

        byte[] saved = guard.ToBytes();
        var restored = ForecastGuard.FromBytes(saved);

        Assert.Equal(ForecastGuard.SavedBytes, saved.Length);
        Assert.Equal((40, guard.Error, true), (restored.Matured, restored.Error, restored.Trusted));
        Assert.InRange(restored.Error, 0.1, 0.2);
    }

    [Fact]
    public void FromBytes_WrongLengthOrNegativeError_Refused()
    {
        byte[] saved = new ForecastGuard().ToBytes();
        byte[] negative = [.. saved];
        BitConverter.GetBytes(-1.0).CopyTo(negative, 5);

        Assert.Throws<InvalidDataException>(() => ForecastGuard.FromBytes(saved.AsSpan(0, 12)));
        Assert.Throws<InvalidDataException>(() => ForecastGuard.FromBytes(negative));
    }
}
