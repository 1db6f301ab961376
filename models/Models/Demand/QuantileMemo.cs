namespace KernelTruth.Models.Demand;

/// <summary>
/// Remembers the demand quantiles asked for while one recommendation is built: the bounds, the SLO
/// limit and four throttle predictions ask for the same few percentiles ~16 times, and a quantile
/// inside censored mass is solved by bisection. Lives for one <see cref="Recommendations.WorkloadModel.Recommend"/>
/// call only, so the model's state never holds it.
/// </summary>
internal sealed class QuantileMemo(object owner)
{
    private const int Slots = 8;
    private readonly double[] _percentiles = new double[Slots];
    private readonly DemandQuantile[] _answers = new DemandQuantile[Slots];
    private int _count;

    public object Owner { get; } = owner;

    public bool TryGet(double percentile, out DemandQuantile answer)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_percentiles[i] == percentile)
            {
                answer = _answers[i];
                return true;
            }
        }

        answer = default;
        return false;
    }

    public void Set(double percentile, DemandQuantile answer)
    {
        if (_count < Slots)
        {
            _percentiles[_count] = percentile;
            _answers[_count] = answer;
            _count++;
        }
    }
}
