namespace KernelTruth.Simulations.Hpa;

/// <summary>Sliding sums over the last N periods of one pod: usage, demand, counted and throttled periods.</summary>
internal sealed class MetricWindow(int periods)
{
    private readonly double[] _usage = new double[periods];
    private readonly double[] _demand = new double[periods];
    private readonly double[] _throttled = new double[periods];
    private readonly byte[] _flags = new byte[periods]; // 1 known, 2 counted
    private int _next;
    private double _usageSum, _demandSum, _throttledSum;
    private int _known, _counted;

    /// <param name="throttled">Probability the period was throttled (counts only when counted).</param>
    public void Add(double usageCores, double demandCores, bool counted, double throttled) =>
        Push(usageCores, demandCores, counted ? throttled : 0, (byte)(1 | (counted ? 2 : 0)));

    public void AddMissing() => Push(0, 0, 0, 0);

    /// <summary>The signal over the window; NaN when no period in it has data.</summary>
    public double Value(HpaSignal signal, double requestCores)
    {
        if (_known == 0)
        {
            return double.NaN;
        }

        return signal switch
        {
            HpaSignal.CpuAverage => _usageSum / _known / requestCores,
            HpaSignal.DemandUtilization or HpaSignal.Forecast => _demandSum / _known / requestCores,
            HpaSignal.ThrottledRatio => _counted == 0 ? 0 : _throttledSum / _counted,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "unknown HPA signal"),
        };
    }

    private void Push(double usage, double demand, double throttled, byte flags)
    {
        byte old = _flags[_next];
        _usageSum += usage - _usage[_next];
        _demandSum += demand - _demand[_next];
        _throttledSum += throttled - _throttled[_next];
        _known += (flags & 1) - (old & 1);
        _counted += ((flags >> 1) & 1) - ((old >> 1) & 1);
        _usage[_next] = usage;
        _demand[_next] = demand;
        _throttled[_next] = throttled;
        _flags[_next] = flags;
        _next = (_next + 1) % _usage.Length;
    }
}
