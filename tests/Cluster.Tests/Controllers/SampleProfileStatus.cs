using KernelTruth.Cluster.Attribution;
using KernelTruth.Cluster.Profiles;
using KernelTruth.Cluster.Tests.Profiles;
using KernelTruth.Cluster.Tests.Vpa;
using KernelTruth.Kubernetes.Resources;
using KernelTruth.Models.Input;
using KernelTruth.Models.Recommendations;
using KernelTruth.Recommender.Logic;

namespace KernelTruth.Cluster.Tests.Controllers;

/// <summary>
/// A WorkloadProfile status built the way WorkloadProfileBuilderTests builds one: 30 min of bursty history (0.1/0.9
/// cores), two pods in the window, current requests and limits. No forecast, predicted effect or startup advice.
/// </summary>
internal static class SampleProfileStatus
{
    public static readonly DateTimeOffset Now = History.Start.AddMinutes(31);

    public static WorkloadProfileStatus Build()
    {
        var model = History.Bursty(0.1, 0.9, 30);
        var window = new MeasuredWindow();
        window.Add("pod-a", WorkloadProfileBuilderTests.Interval(0.2, periods: 100, throttled: 10, Now.AddSeconds(-10)));
        window.Add("pod-b", WorkloadProfileBuilderTests.Interval(0.4, periods: 100, throttled: 30, Now));
        var inputs = new ProfileInputs(
            new WorkloadRef("shop", "apps/v1", "Deployment", "web"), "app", model.Recommend(new RecommendationPolicy(), Now), window, (0.1, 0.9, 0.9),
            new CurrentResources(0.5, 0.6, 256L << 20, 512L << 20));
        return WorkloadProfileBuilder.Build(inputs, null, 1.0, Now).Status!;
    }
}
