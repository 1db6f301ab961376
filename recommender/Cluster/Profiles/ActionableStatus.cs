using System.Globalization;
using System.Text;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Profiles;

/// <summary>
/// The part of a WorkloadProfile's status that a reader acts on, as one comparable line: when it changes the profile
/// is written at once; any other change waits for the profile's refresh (<c>--profile-refresh-interval</c>).
/// </summary>
/// <remarks>
/// <para>Acted on (in the key):</para>
/// <list type="bullet">
/// <item>the recommendation: CPU and memory request and limit, the confidence to two decimals, and the startup advice's
/// decision (throttled or not, the fix, its CPU limit and burst) — what `kubectl get ktp`, the recommendation gauges and
/// an operator applying the advice read;</item>
/// <item>the VPA baseline's requests, the predicted effect's CPU limit, the pods' current requests and limits;</item>
/// <item>every condition's type, status and reason (a status that flips is a transition readers alert on);</item>
/// <item>whether there is a forecast and its source: "forecast" (trusted, the HPA follows it) or "reactive";</item>
/// <item>OOM kills: rare, and each one is a reason to look at the memory request now.</item>
/// </list>
/// <para>Not in the key (written with the next refresh): the measured usage, demand percentiles, throttled ratio and
/// waits, memory peak, startup timings, the number of pods and the window, the evidence lines, the predicted ratios,
/// the forecast's value, horizon, reason and madeAt, condition messages, lastUpdated.</para>
/// <para>Worked example, at a 10 s loop and a 5 min refresh: usage 0.412 → 0.418 cores and "from 120 intervals" →
/// "from 126 intervals" change nothing here, so they wait (written at most every 5 min, 30 loops); confidence
/// 0.8031 → 0.8042 is 0.80 both times and waits too; the CPU request 250m → 260m, confidence 0.8031 → 0.8062 (0.80 →
/// 0.81), or the forecast's source reactive → forecast each change the key, so the profile is written in that loop.</para>
/// <para>The confidence is rounded because it is d/(1 + d) of the days of history d and so moves every loop: to two
/// decimals it changes about every 15 min in the first day (score ≈ d, 0.01 day = 14.4 min) and every ~1 h at two days.</para>
/// </remarks>
public static class ActionableStatus
{
    public static string Key(WorkloadProfileStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var key = new StringBuilder();
        void Add(string name, object? value) => key.Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(';');

        var r = status.Recommendation;
        Add("request", $"{r?.CpuRequest}/{r?.MemoryRequest}");
        Add("limit", $"{r?.CpuLimit}/{r?.MemoryLimit}");
        Add("confidence", r is null ? null : Math.Round(r.Confidence, 2).ToString("0.00", CultureInfo.InvariantCulture));
        var advice = r?.Startup;
        Add("startup", advice is null ? null : $"{advice.Throttled}/{advice.Fix}/{advice.CpuLimit}/{advice.CpuBurstMicroseconds}");
        Add("baseline", $"{status.Baseline?.CpuRequest}/{status.Baseline?.MemoryRequest}");
        Add("predictedLimit", status.Predicted?.CpuLimit);
        var current = status.Current;
        Add("current", $"{current?.CpuRequest}/{current?.CpuLimit}/{current?.MemoryRequest}/{current?.MemoryLimit}");
        foreach (var c in (status.Conditions ?? []).OrderBy(c => c.Type, StringComparer.Ordinal))
        {
            Add(c.Type, $"{c.Status}/{c.Reason}");
        }

        Add("forecast", status.Forecast is null ? "none" : status.Forecast.Source);
        Add("oomKills", status.Measured?.OomKills);
        return key.ToString();
    }
}
