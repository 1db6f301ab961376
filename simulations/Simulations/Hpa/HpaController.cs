namespace KernelTruth.Simulations.Hpa;

/// <summary>
/// The HPA controller's decision at one sync, rule by rule as kube-controller-manager applies them:
/// ratio = metric / target; within tolerance ⇒ no change; unready pods
/// ignored on scale-down and counted as 0 on scale-up (if that brings the ratio within tolerance,
/// no change); desired = ⌈ratio × pods⌉; stabilization (scale-up: the lowest recommendation within
/// its window, scale-down: the highest within its window); rate limits per policy period
/// (scale-up: the larger of +pods and +percent; scale-down: −percent); min/max replicas.
/// </summary>
internal sealed class HpaController(HpaSettings settings)
{
    private readonly List<(double T, int Desired)> _recommendations = [];
    private readonly List<(double T, int Replicas)> _history = [];
    private int? _initial;

    /// <summary>Decides the replica count at time <paramref name="t"/> (seconds).</summary>
    /// <param name="metric">Mean metric over the ready pods; NaN = missing for every pod.</param>
    public (int Replicas, string Reason) Sync(double t, double metric, int ready, int unready)
    {
        int current = ready + unready;
        _initial ??= current;
        if (double.IsNaN(metric) || ready == 0)
        {
            Remember(t, current);
            return (current, "metric missing: no change");
        }

        var (desired, reason) = Desired(metric, ready, unready);
        _recommendations.Add((t, desired));
        double longest = Math.Max(settings.ScaleUpStabilization.TotalSeconds, settings.ScaleDownStabilization.TotalSeconds);
        _recommendations.RemoveAll(r => t - r.T > longest + 1e-9);

        int up = desired, down = desired;
        foreach (var (at, rec) in _recommendations)
        {
            if (t - at <= settings.ScaleUpStabilization.TotalSeconds + 1e-9)
            {
                up = Math.Min(up, rec);
            }

            if (t - at <= settings.ScaleDownStabilization.TotalSeconds + 1e-9)
            {
                down = Math.Max(down, rec);
            }
        }

        int stabilized = Math.Min(Math.Max(current, up), down);
        if (stabilized != desired)
        {
            reason = $"{reason}; stabilized to {stabilized}";
        }

        int basis = ReplicasAt(t - settings.PolicyPeriod.TotalSeconds);
        int upLimit = Math.Max(basis + settings.ScaleUpPods, (int)Math.Ceiling(basis * (1 + (settings.ScaleUpPercent / 100))));
        int downLimit = (int)Math.Floor(basis * (1 - (settings.ScaleDownPercent / 100)));
        int limited = Math.Clamp(stabilized, downLimit, Math.Max(upLimit, downLimit));
        if (limited != stabilized)
        {
            reason = $"{reason}; rate-limited to {limited}";
        }

        int final = Math.Clamp(limited, settings.MinReplicas, settings.MaxReplicas);
        if (final != limited)
        {
            reason = $"{reason}; clamped to {final}";
        }

        Remember(t, final);
        return (final, reason);
    }

    private (int Desired, string Reason) Desired(double metric, int ready, int unready)
    {
        int current = ready + unready;
        double ratio = metric / settings.Target;
        if (Math.Abs(1 - ratio) <= settings.Tolerance)
        {
            return (current, $"ratio {ratio:0.###} within tolerance");
        }

        if (ratio > 1 && unready > 0)
        {
            // Scale-up with pods still starting: they count as using 0.
            double adjusted = ratio * ready / current;
            return adjusted <= 1 + settings.Tolerance
                ? (current, $"ratio {ratio:0.###}, {adjusted:0.###} with {unready} starting pods as 0: no change")
                : ((int)Math.Ceiling(adjusted * current), $"ratio {adjusted:0.###} with {unready} starting pods as 0");
        }

        // Scale-down ignores pods still starting; scale-up without them is the plain formula.
        return ((int)Math.Ceiling(ratio * ready), $"ratio {ratio:0.###}");
    }

    private void Remember(double t, int replicas)
    {
        _history.Add((t, replicas));
        double keep = settings.PolicyPeriod.TotalSeconds * 2;
        if (_history.Count > 64)
        {
            _history.RemoveAll(h => t - h.T > keep);
        }
    }

    /// <summary>Replicas as decided at or before <paramref name="t"/>; before the first sync, the initial count.</summary>
    private int ReplicasAt(double t)
    {
        for (int i = _history.Count - 1; i >= 0; i--)
        {
            if (_history[i].T <= t + 1e-9)
            {
                return _history[i].Replicas;
            }
        }

        return _initial ?? settings.InitialReplicas;
    }
}
