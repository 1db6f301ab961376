namespace KernelTruth.Kube.TestServer;

/// <summary>Failures the test asks for: the next N requests, or every request until a time; or every request held back until a time.</summary>
internal sealed class FaultInjector(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _remaining;
    private int _code;
    private TimeSpan? _retryAfter;
    private long _failAllUntil;
    private int _failAllCode;
    private long _slowUntil;
    private TimeSpan _slowBy;

    public void FailNext(int count, int code, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            (_remaining, _code, _retryAfter) = (count, code, retryAfter);
        }
    }

    public void FailAllFor(TimeSpan duration, int code)
    {
        lock (_gate)
        {
            (_failAllUntil, _failAllCode) = (time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency), code);
        }
    }

    public void SlowAllFor(TimeSpan duration, TimeSpan delay)
    {
        lock (_gate)
        {
            (_slowUntil, _slowBy) = (time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency), delay);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            (_remaining, _failAllUntil, _slowUntil) = (0, 0, 0);
        }
    }

    /// <summary>How long to hold this request before answering it (zero: not at all).</summary>
    public TimeSpan Delay()
    {
        lock (_gate)
        {
            return _slowUntil != 0 && time.GetTimestamp() < _slowUntil ? _slowBy : TimeSpan.Zero;
        }
    }

    /// <summary>The failure to answer this request with, if any.</summary>
    public (int Code, TimeSpan? RetryAfter)? Next()
    {
        lock (_gate)
        {
            if (_failAllUntil != 0 && time.GetTimestamp() < _failAllUntil)
            {
                return (_failAllCode, null);
            }

            if (_remaining > 0)
            {
                _remaining--;
                return (_code, _retryAfter);
            }

            return null;
        }
    }
}
