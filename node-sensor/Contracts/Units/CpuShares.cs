namespace KernelTruth.Contracts.Units;

/// <summary>
/// The CPU request a pod's cgroup carries, read back from what the kubelet wrote. Kubernetes sets
/// cpu.shares = request millicores × 1024 / 1000 (at least 2, the kernel's minimum: BestEffort and requests below
/// 2m), so on cgroup v1 cores = shares / 1024: 512 shares ⇒ 0.5 cores. On cgroup v2 it writes
/// cpu.weight = 1 + (shares − 2) × 9999 / 262 142 (integer division: the 2..262 144 range mapped onto 1..10 000),
/// which loses precision: 1024 shares ⇒ weight 39, and weight 39 stands for any of 999..1024 shares. Inverted here
/// to the middle of that range (39 ⇒ 1011.5 shares ⇒ 0.988 cores), within 1.3 % of a 1-core request and within
/// 13 shares (about 13m) everywhere.
/// </summary>
/// <remarks>
/// Container runtimes since runc 1.3.2 / 1.4 and crun 1.23 convert container cgroups' shares to weight by a
/// non-linear formula (1024 shares ⇒ 100) rather than this one; a weight written that way is not inverted correctly
/// here (it reads about 2.5 × too high at 1 core). The shares themselves (v1) are exact.
/// </remarks>
public static class CpuShares
{
    /// <summary>cpu.shares for "no request": the kernel's minimum, which Kubernetes gives BestEffort pods.</summary>
    public const ulong Minimum = 2;

    public const ulong Maximum = 262_144;

    public const ulong MaximumWeight = 10_000;

    /// <summary>Cores the kubelet's shares stand for; null for the minimum (no request, or below 2m).</summary>
    public static double? RequestCores(ulong shares) => shares <= Minimum ? null : Math.Min(shares, Maximum) / 1024.0;

    /// <summary>
    /// The middle of the shares range that the Kubernetes linear mapping sends to <paramref name="weight"/>.
    /// Shares s map to w = 1 + ⌊(s − 2) × 9999 / 262142⌋, so weight w came from the s with
    /// (w − 1) × 262142 / 9999 ≤ s − 2 &lt; w × 262142 / 9999. Worked example: w = 10 ⇒ 235.96 ≤ s − 2 &lt; 262.17 ⇒
    /// s in 238..264 ⇒ 251 shares ⇒ 0.245 cores (a 250m request writes 256 shares ⇒ weight 10). Weight 1 is the minimum:
    /// no request.
    /// </summary>
    public static double SharesFromWeight(ulong weight)
    {
        if (weight <= 1)
        {
            return Minimum;
        }

        ulong w = Math.Min(weight, MaximumWeight);
        double low = Math.Ceiling((w - 1) * 262_142.0 / 9_999);
        double high = Math.Ceiling(w * 262_142.0 / 9_999) - 1;
        return Minimum + ((low + high) / 2);
    }

    /// <summary>Cores a v2 cgroup's cpu.weight stands for under the Kubernetes mapping; null for weight 1 (no request).</summary>
    public static double? RequestCoresFromWeight(ulong weight) =>
        weight <= 1 ? null : SharesFromWeight(weight) / 1024.0;
}
