namespace KernelTruth.NodeSensor.Sampling;

internal static class PeriodUsageSources
{
    public const string PeriodTimer = "period-timer";
    public const string Window = "window";
}
