using System.Globalization;
using KernelTruth.Kubernetes.Resources;

namespace KernelTruth.Cluster.Vpa;

/// <summary>
/// Builds status conditions that keep their lastTransitionTime while their status stays the same, as the
/// Kubernetes API conventions ask: a message that changes is not a transition.
/// </summary>
public static class Conditions
{
    public static VpaCondition Make(string type, bool status, string reason, string message, IReadOnlyList<VpaCondition>? previous, DateTimeOffset now)
    {
        string value = status ? "True" : "False";
        var before = previous?.FirstOrDefault(c => c.Type == type);
        string time = before is { LastTransitionTime: { } t } && before.Status == value ? t : Rfc3339(now);
        return new VpaCondition { Type = type, Status = value, Reason = reason, Message = message, LastTransitionTime = time };
    }

    /// <summary>RFC 3339 in UTC to the second, as Kubernetes writes metav1.Time.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
