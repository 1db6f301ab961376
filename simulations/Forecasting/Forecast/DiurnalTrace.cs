namespace KernelTruth.Simulations.Forecast;

/// <summary>
/// Generated per-minute demand with the shapes real services have: a working-day cycle with a steep morning ramp
/// (from 08:00 UTC) and an evening decline, weekends at a fraction of weekdays, week-on-week growth, short bursts,
/// and noise that persists for minutes (AR(1), not independent per minute). Deterministic for a seed.
/// </summary>
/// <param name="BaseCores">Demand at night.</param>
/// <param name="PeakCores">Demand at a weekday's peak, before growth.</param>
/// <param name="WeekendFactor">Weekend day-time demand above the base, as a fraction of a weekday's.</param>
/// <param name="GrowthPerWeek">Relative growth per week (0.02 = +2 %).</param>
/// <param name="Noise">Standard deviation of the multiplicative noise (0.08 = 8 %).</param>
/// <param name="PhaseHours">Shifts the day (another time zone's users).</param>
/// <param name="RampMinutes">How long the morning ramp from night to peak takes, starting 08:00.</param>
public sealed record DiurnalTrace(double BaseCores, double PeakCores, double WeekendFactor, double GrowthPerWeek, double Noise, double PhaseHours = 0, double RampMinutes = 20)
{
    /// <summary>Minute 0 of a generated trace: 2026-01-05 00:00 UTC, a Monday, in minutes since the epoch.</summary>
    public const long FirstMinute = 29_459_520;

    /// <summary>
    /// Eight workloads drawn from one seed, <paramref name="weeks"/> weeks each: night base 0.5–4 cores, peak 4–10 ×
    /// the base, weekends 20–70 % of a weekday's swing, growth 0–3 % a week, noise 4–10 %, phase −3..+3 h, morning ramps
    /// of 10–40 minutes.
    /// </summary>
    public static IReadOnlyList<double[]> Workloads(int seed, int weeks = 4)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 8).Select(i =>
        {
            double b = 0.5 + (3.5 * random.NextDouble());
            var trace = new DiurnalTrace(
                BaseCores: b,
                PeakCores: b * (4 + (6 * random.NextDouble())),
                WeekendFactor: 0.2 + (0.5 * random.NextDouble()),
                GrowthPerWeek: 0.03 * random.NextDouble(),
                Noise: 0.04 + (0.06 * random.NextDouble()),
                PhaseHours: random.Next(-3, 4),
                RampMinutes: 10 + (30 * random.NextDouble()));
            return trace.Generate(weeks, (seed * 100) + i);
        })];
    }

    public double[] Generate(int weeks, int seed)
    {
        var random = new Random(seed);
        var minutes = new double[weeks * 7 * 1440];
        double noise = 0, burst = 0;
        for (int m = 0; m < minutes.Length; m++)
        {
            int day = m / 1440;
            double hour = ((m % 1440) / 60.0) - PhaseHours;
            bool weekend = day % 7 >= 5;
            double shape = DayShape(hour, RampMinutes / 60) * (weekend ? WeekendFactor : 1);
            double growth = 1 + (GrowthPerWeek * m / (7.0 * 1440));
            noise = (0.9 * noise) + (Math.Sqrt(1 - (0.81)) * Noise * Gaussian(random));
            burst = random.NextDouble() < 1.0 / 720 ? PeakCores * 0.3 : burst * 0.7; // about two bursts a day, fading in minutes
            minutes[m] = Math.Max(0, ((BaseCores + ((PeakCores - BaseCores) * shape)) * growth * (1 + noise)) + burst);
        }

        return minutes;
    }

    /// <summary>0 at night, a ramp from 08:00 to 1, a lunch dip, a decline 17:00–21:00.</summary>
    private static double DayShape(double hour, double rampHours)
    {
        hour = ((hour % 24) + 24) % 24;
        return hour switch
        {
            < 8 => 0,
            _ when hour < 8 + rampHours => (hour - 8) / rampHours,
            < 12 => 1,
            < 14 => 1 - (0.15 * Math.Sin(Math.PI * (hour - 12) / 2)),
            < 17 => 1,
            < 21 => 1 - ((hour - 17) / 4),
            _ => 0,
        };
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
