using KernelTruth.Models.Demand;

namespace KernelTruth.Models.Throttling;

/// <summary>
/// Finds the smallest limit L, on the millicore grid, whose predicted throttled ratio ≤ r and whose
/// predicted throttle-wait at percentile q ≤ w: first by the closed form, then checked with the
/// backlog carried between periods (<see cref="DemandReplay"/>).
/// </summary>
/// <remarks>
/// <para>Closed form: both of <see cref="ThrottleModel"/>'s predictions are monotone in L, so
/// ratio ≤ r ⟺ L + B ≥ Q_d(1 − r), and wait_q ≤ w ⟺ L + B ≥ Q_d(q) − w/period. So
/// L = max(Q_d(1 − r), Q_d(q) − w/period) − B, rounded up to a whole millicore, then clamped to
/// [min, max] and checked against the model (a step of 1 m more if float rounding left it a hair short).
/// Worked example: demand 0.3 core in every period, r = 1 %, q = 0.99, w = 10 ms, period 0.1 s, B = 0:
/// Q_d(0.99) = 0.3 and 0.3 − 0.01/0.1 = 0.2 ⇒ L = 0.300. With 5 % of periods at 0.8 and 95 % at 0.2:
/// r = 1 % ⇒ Q_d(0.99) = 0.8 ⇒ L = 0.800; r = 10 % ⇒ Q_d(0.90) = 0.2, but wait p99 = (0.8 − 0.2)·0.1 s
/// = 60 ms &gt; 10 ms forces L ≥ 0.8 − 0.1 = 0.7.</para>
/// <para>Carry-over: the closed form takes each period alone, but the kernel carries the work a
/// throttled period could not do into the next ones, so a burst also throttles the periods after it
/// until the headroom L − d has drained it, and below the mean demand nothing drains it. The
/// closed-form L is replayed (the engine's CFS replay: backlog, tick overrun, cpu.stat's period
/// count); where the replay misses the ratio or the p99 wait, L is raised to the smallest millicore
/// where it meets both (bisection; the replay's throttling falls as L rises). Example: with the wait
/// SLO relaxed to 1 s, the closed form gives 0.200 for the 95 %/5 % demand above, below its mean
/// 0.23: the replay throttles nearly every period there, and the search settles above the mean.</para>
/// </remarks>
internal static class LimitSearch
{
    public const double MinimumLimitCores = 0.001;

    public static SloLimit Find(
        in DemandModel demand,
        double ratioSlo,
        double waitSloSeconds,
        double waitPercentile,
        double burstCores,
        double periodSeconds,
        double minCores,
        double maxCores)
    {
        var none = default(ReplayMemo);
        return Find(demand, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds, minCores, maxCores, ref none);
    }

    /// <summary>
    /// <see cref="Find(in DemandModel, double, double, double, double, double, double, double)"/>, reusing the replay
    /// check of the last search in <paramref name="memo"/> when the demand sample and every number the check reads are
    /// the same (the closed-form part, cheap, always runs).
    /// </summary>
    public static SloLimit Find(
        in DemandModel demand,
        double ratioSlo,
        double waitSloSeconds,
        double waitPercentile,
        double burstCores,
        double periodSeconds,
        double minCores,
        double maxCores,
        ref ReplayMemo memo)
    {
        var model = new ThrottleModel(demand);
        double forRatio = demand.Quantile(1.0 - ratioSlo).Cores;
        double forWait = demand.Quantile(waitPercentile).Cores - (waitSloSeconds / periodSeconds);
        double uncapped = Math.Max(RoundUp(Math.Max(forRatio, forWait) - burstCores), MinimumLimitCores);

        double lowest = Math.Max(minCores, MinimumLimitCores);
        double limit = Math.Clamp(uncapped, lowest, maxCores);
        ThrottlePrediction prediction = model.Predict(limit, burstCores, periodSeconds);
        for (int nudge = 0; nudge < 3 && !Meets(model, prediction, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds) && limit + 0.001 <= maxCores; nudge++)
        {
            limit = RoundUp(limit + 0.001);
            uncapped = Math.Max(uncapped, limit);
            prediction = model.Predict(limit, burstCores, periodSeconds);
        }

        bool met = Meets(model, prediction, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds);
        double perPeriod = uncapped;
        double[] ordered = DemandReplay.Ordered(demand);
        if (ordered.Length > 0)
        {
            ReadOnlySpan<double> inputs = [BitConverter.UInt64BitsToDouble(DemandReplay.Fingerprint(ordered)), uncapped, limit, lowest, maxCores, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds];
            ulong fingerprint = DemandReplay.Fingerprint(inputs);
            if (!memo.HasSearchFor(fingerprint))
            {
                var replay = new ReplayCheck(ordered, ratioSlo, waitSloSeconds, waitPercentile, burstCores, periodSeconds);
                double searched = replay.Meets(uncapped) ? uncapped : replay.SmallestMeeting(uncapped);
                double checkedLimit = searched == uncapped ? limit : Math.Clamp(searched, lowest, maxCores);
                memo.RememberSearch(fingerprint, searched, replay.Meets(checkedLimit));
            }

            // SmallestMeeting always returns a limit above the one that failed: a different value means it ran.
            if (memo.SearchLimitCores != uncapped)
            {
                uncapped = memo.SearchLimitCores;
                limit = Math.Clamp(uncapped, lowest, maxCores);
                prediction = model.Predict(limit, burstCores, periodSeconds);
            }

            met = met && memo.SearchMet;
        }

        return new SloLimit(limit, uncapped, met, prediction, perPeriod);
    }

    /// <summary>Rounds up to a whole millicore, absorbing float noise of 1e-6 m (0.30000000000000004 stays 0.300).</summary>
    public static double RoundUp(double cores) => Math.Ceiling((cores * 1000.0) - 1e-6) / 1000.0;

    private static bool Meets(ThrottleModel model, ThrottlePrediction p, double ratioSlo, double waitSlo, double waitPercentile, double burst, double period)
    {
        bool ignored = false;
        double wait = model.WaitAt(waitPercentile, p.LimitCores + burst, period, ref ignored);
        return p.ThrottledPeriodsRatio <= ratioSlo + 1e-12 && wait <= waitSlo + 1e-12;
    }

    /// <summary>The SLO checked by replaying the ordered demand sample at a candidate limit.</summary>
    private sealed class ReplayCheck(double[] ordered, double ratioSlo, double waitSlo, double waitPercentile, double burst, double period)
    {
        // The last limit a replay accepted (NaN: none yet). The search ends on a limit it has just accepted and Find
        // then checks that same limit again (the clamped one, mostly equal): answered here, one 1 000-period replay
        // fewer per search, with the very answer the replay gave (same sample, limit, burst and period).
        private double _lastMet = double.NaN;

        public bool Meets(double limit)
        {
            if (limit.Equals(_lastMet))
            {
                return true;
            }

            var p = DemandReplay.Predict(ordered, limit, burst, period);
            // The replay states the wait at p50 and p99 only: a percentile up to 0.5 is held to p50, any other to p99.
            double wait = waitPercentile <= 0.5 ? p.ThrottleWaitP50Seconds : p.ThrottleWaitP99Seconds;
            bool met = p.ThrottledPeriodsRatio <= ratioSlo + 1e-9 && wait <= waitSlo + 1e-9;
            _lastMet = met ? limit : _lastMet;
            return met;
        }

        /// <summary>The smallest millicore above <paramref name="failing"/> the replay accepts: at the largest demand sampled nothing is ever throttled.</summary>
        public double SmallestMeeting(double failing)
        {
            double lo = failing;
            double hi = Math.Max(RoundUp(ordered.Max() - burst), RoundUp(failing + 0.001));
            for (int doubling = 0; doubling < 20 && !Meets(hi); doubling++)
            {
                lo = hi;
                hi = RoundUp(hi * 2); // a tick overrun can still throttle at the peak; the pool outgrows it
            }

            while (hi - lo > 0.0015)
            {
                double mid = RoundUp((lo + hi) / 2);
                if (mid >= hi)
                {
                    break;
                }

                if (Meets(mid))
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            return hi;
        }
    }
}
