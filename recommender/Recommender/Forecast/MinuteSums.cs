namespace KernelTruth.Recommender.Forecast;

/// <summary>
/// Sums a workload's CPU-seconds into whole minutes (by each interval's end), over all its replicas, and hands a
/// minute on once an interval two minutes later arrives: the minute after stays open for other nodes' snapshots,
/// which arrive a loop apart. Intervals for a minute already handed on are dropped.
/// Example: three replicas each report six 10 s intervals at 0.5 cores ending in 12:00 ⇒ 3 × 6 × 5 = 90 core-seconds
/// ⇒ 12:00 had 1.5 cores, handed on when the first interval ending at 12:02 arrives.
/// </summary>
/// <remarks>
/// 24 bytes in every workload's state: the open minute and the two sums, each sum's "anything added" in its sign
/// (<see cref="Sum"/>); nothing added to either (default) is "not started", since every interval adds to one of them.
/// Three flags and a count of late intervals (never read) beside them made it 32.
/// </remarks>
internal struct MinuteSums
{
    private long _open;
    private Sum _openSum, _nextSum;

    /// <summary>Adds <paramref name="coreSeconds"/> (≥ 0) ending in <paramref name="minute"/>; calls <paramref name="finished"/> with (minute, cores) for every minute it closes, oldest first.</summary>
    public void Add<TState>(long minute, double coreSeconds, TState state, Action<TState, long, double> finished)
    {
        if (!_openSum.Any && !_nextSum.Any)
        {
            _open = minute; // the first interval
        }

        if (minute < _open)
        {
            return; // late: its minute was handed on
        }

        if (minute >= _open + 2)
        {
            if (_openSum.Any)
            {
                finished(state, _open, _openSum.Total / 60);
            }

            if (minute == _open + 2)
            {
                (_open, _openSum) = (_open + 1, _nextSum);
            }
            else
            {
                if (_nextSum.Any)
                {
                    finished(state, _open + 1, _nextSum.Total / 60);
                }

                (_open, _openSum) = (minute, default);
            }

            _nextSum = default;
        }

        if (minute == _open)
        {
            _openSum = _openSum.Plus(coreSeconds);
        }
        else
        {
            _nextSum = _nextSum.Plus(coreSeconds);
        }
    }

    /// <summary>
    /// A sum of core-seconds (each ≥ 0) and whether anything was added, in one double: the sum negated, so its sign bit
    /// says "added" (a sum of 0 is −0.0) and default (+0.0) says "nothing". Negation is exact, so the sum is the same
    /// double as one kept plainly. Example: 2.5 then 0 added ⇒ −2.5 kept, Total 2.5; nothing added ⇒ +0.0, Any false.
    /// </summary>
    private readonly struct Sum(double negated)
    {
        public bool Any => double.IsNegative(negated);

        public double Total => Any ? -negated : 0;

        public Sum Plus(double coreSeconds) => new(-(Total + coreSeconds));
    }
}
