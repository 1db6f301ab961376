namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Sums a workload's CPU-seconds into whole minutes (by each interval's end), over all its replicas, and hands a
/// minute on once an interval two minutes later arrives: the minute after stays open for other nodes' snapshots,
/// which arrive a loop apart. Intervals for a minute already handed on are dropped (counted in <see cref="Late"/>).
/// Example: three replicas each report six 10 s intervals at 0.5 cores ending in 12:00 ⇒ 3 × 6 × 5 = 90 core-seconds
/// ⇒ 12:00 had 1.5 cores, handed on when the first interval ending at 12:02 arrives.
/// </summary>
internal struct MinuteSums
{
    private long _open;
    private double _openSum, _nextSum;
    private bool _started, _hasOpen, _hasNext;

    /// <summary>
    /// Intervals that arrived after their minute was handed on. An int keeps the struct at 32 bytes (a long made it 40,
    /// in every workload's state); one late interval every 10 s takes 680 years to reach int.MaxValue.
    /// </summary>
    public int Late { get; private set; }

    /// <summary>Adds <paramref name="coreSeconds"/> ending in <paramref name="minute"/>; calls <paramref name="finished"/> with (minute, cores) for every minute it closes, oldest first.</summary>
    public void Add<TState>(long minute, double coreSeconds, TState state, Action<TState, long, double> finished)
    {
        if (!_started)
        {
            (_started, _open) = (true, minute);
        }

        if (minute < _open)
        {
            Late++;
            return;
        }

        if (minute >= _open + 2)
        {
            if (_hasOpen)
            {
                finished(state, _open, _openSum / 60);
            }

            if (minute == _open + 2)
            {
                (_open, _openSum, _hasOpen) = (_open + 1, _nextSum, _hasNext);
            }
            else
            {
                if (_hasNext)
                {
                    finished(state, _open + 1, _nextSum / 60);
                }

                (_open, _openSum, _hasOpen) = (minute, 0, false);
            }

            (_nextSum, _hasNext) = (0, false);
        }

        if (minute == _open)
        {
            (_openSum, _hasOpen) = (_openSum + coreSeconds, true);
        }
        else
        {
            (_nextSum, _hasNext) = (_nextSum + coreSeconds, true);
        }
    }
}
