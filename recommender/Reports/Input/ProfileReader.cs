using KernelTruth.Kubernetes.Resources;
using KernelTruth.Reports.Model;

namespace KernelTruth.Reports.Input;

/// <summary>
/// WorkloadProfiles as report rows: read as the one typed <see cref="WorkloadProfile"/>
/// (<c>kubectl get ktp -A -o json</c>, a bare array or one profile; <see cref="WorkloadProfileReader"/>), then
/// checked: a field of the wrong type, a ratio outside [0, 1], a negative figure or a quantity that does not parse
/// fails the whole read, naming the item and the field, so that nothing is silently mispriced. A profile with no
/// recommendation yet is left out with a note.
/// </summary>
public static class ProfileReader
{
    /// <exception cref="ReportInputException">Not JSON, not profiles, or a field is wrong.</exception>
    public static (IReadOnlyList<WorkloadFacts> Workloads, IReadOnlyList<string> Notes) Read(Stream json, string sourceName)
    {
        IReadOnlyList<WorkloadProfile> profiles;
        try
        {
            profiles = WorkloadProfileReader.Read(json);
        }
        catch (FormatException ex)
        {
            throw new ReportInputException($"{sourceName}: {ex.Message}", ex);
        }

        var workloads = new List<WorkloadFacts>();
        var notes = new List<string>();
        for (int i = 0; i < profiles.Count; i++)
        {
            var profile = profiles[i];
            if (profile.Status?.Recommendation is null)
            {
                notes.Add($"{profile.Metadata.NamespaceProperty}/{profile.Metadata.Name} left out: no recommendation in its status yet");
                continue;
            }

            workloads.Add(Facts(profile, $"{sourceName}: {WorkloadProfileReader.Describe(i, profile)}"));
        }

        return (workloads, notes);
    }

    /// <summary>
    /// One profile's facts, checked as <see cref="Read"/> checks them; a profile with no status or no recommendation yet
    /// has none recommended (null confidence), for listings that show every profile (`ktruth get`).
    /// </summary>
    /// <param name="where">How an error names the profile: "item 3 (shop/deployment-web-app)".</param>
    /// <exception cref="ReportInputException">A field is wrong; the message names it.</exception>
    public static WorkloadFacts Facts(WorkloadProfile profile, string where)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var check = new ProfileFields(where);
        var status = profile.Status ?? new WorkloadProfileStatus();
        var recommendation = status.Recommendation;
        var measured = status.Measured;
        var predicted = status.Predicted;
        return new WorkloadFacts
        {
            Namespace = profile.Metadata.NamespaceProperty,
            Kind = profile.Spec?.TargetRef.Kind ?? "",
            Name = profile.Spec?.TargetRef.Name ?? profile.Metadata.Name,
            Container = profile.Spec?.ContainerName ?? "",
            Labels = profile.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : new Dictionary<string, string>(),

            // A profile counts its pods; one written before any pod was seen counts as one.
            Pods = status.Pods > 0 ? status.Pods : 1,
            WindowSeconds = check.NonNegative(status.WindowSeconds, "status.windowSeconds") is > 0 and var window ? window : null, // 0: not written
            UsageAverageCores = measured is null ? null : check.NonNegative(measured.UsageAverageCores, "status.measured.usageAverageCores"),
            DemandP50Cores = measured?.DemandCores is { } demand ? check.NonNegative(demand.P50, "status.measured.demandCores.p50") : null,
            DemandP95Cores = measured?.DemandCores is { } demand95 ? check.NonNegative(demand95.P95, "status.measured.demandCores.p95") : null,
            DemandP99Cores = measured?.DemandCores is { } demand99 ? check.NonNegative(demand99.P99, "status.measured.demandCores.p99") : null,
            ThrottledPeriodsRatio = measured is null ? null : check.Ratio(measured.ThrottledPeriodsRatio, "status.measured.throttledPeriodsRatio"),
            ThrottleWaitP99Seconds = measured?.ThrottleWaitSeconds is { } throttle ? check.NonNegative(throttle.P99, "status.measured.throttleWaitSeconds.p99") : null,
            ContentionWaitP99Seconds = measured?.ContentionWaitSeconds is { } contention ? check.NonNegative(contention.P99, "status.measured.contentionWaitSeconds.p99") : null,
            OomKills = measured is null ? null : (long)check.NonNegative(measured.OomKills, "status.measured.oomKills"),
            MemoryPeakBytes = measured is null ? null : (long)check.NonNegative(measured.MemoryPeakBytes, "status.measured.memoryPeakBytes"),
            Current = status.Current is { } current
                ? check.Amounts("status.current", current.CpuRequest, current.CpuLimit, current.MemoryRequest, current.MemoryLimit)
                : ResourceAmounts.None,
            Recommended = recommendation is null
                ? ResourceAmounts.None
                : check.Amounts("status.recommendation", recommendation.CpuRequest, recommendation.CpuLimit, recommendation.MemoryRequest, recommendation.MemoryLimit),
            Baseline = status.Baseline is { } baseline
                ? check.Amounts("status.baseline", baseline.CpuRequest, null, baseline.MemoryRequest, null)
                : ResourceAmounts.None,
            Confidence = recommendation is null ? null : check.Ratio(recommendation.Confidence, "status.recommendation.confidence"),
            Evidence = recommendation?.Evidence ?? [],
            Startup = Startup(measured?.Startup, recommendation?.Startup, check),
            StatedPrediction = predicted is null
                ? null
                : new ThrottleOutlook(
                    check.Quantity(predicted.CpuLimit, "status.predicted.cpuLimit"),
                    check.Ratio(predicted.ThrottledPeriodsRatio, "status.predicted.throttledPeriodsRatio"),
                    check.NonNegative(predicted.ThrottleWaitP99Seconds, "status.predicted.throttleWaitP99Seconds"),
                    predicted.Extrapolated),
        };
    }

    private static StartupFacts? Startup(ProfileStartup? measured, ProfileStartupAdvice? advice, ProfileFields check)
    {
        if (measured is null)
        {
            return null;
        }

        const string Field = "status.measured.startup";
        StartupFixFacts? fix = advice is { Throttled: true, Fix: not "none" } a
            ? new StartupFixFacts(
                a.Fix,
                check.Quantity(a.CpuLimit, "status.recommendation.startup.cpuLimit"),
                (long)check.NonNegative(a.CpuBurstMicroseconds, "status.recommendation.startup.cpuBurstMicroseconds"),
                check.NonNegative(a.ReadySeconds, "status.recommendation.startup.readySeconds"),
                check.NonNegative(a.PredictedReadySeconds, "status.recommendation.startup.predictedReadySeconds"))
            : null;
        return new StartupFacts(
            (int)check.NonNegative(measured.Starts, Field + ".starts"),
            measured.ReadySeconds is { } r ? check.NonNegative(r.P50, Field + ".readySeconds.p50") : null,
            measured.ReadySeconds is { } r90 ? check.NonNegative(r90.P90, Field + ".readySeconds.p90") : null,
            measured.CpuCoreSeconds is { } c ? check.NonNegative(c.P50, Field + ".cpuCoreSeconds.p50") : null,
            measured.CpuCoreSeconds is { } c90 ? check.NonNegative(c90.P90, Field + ".cpuCoreSeconds.p90") : null,
            measured.ThrottledSeconds is { } t ? check.NonNegative(t.P50, Field + ".throttledSeconds.p50") : null,
            measured.ThrottledSeconds is { } t90 ? check.NonNegative(t90.P90, Field + ".throttledSeconds.p90") : null,
            fix);
    }
}
