using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Manifests;

/// <summary>Services select real pods and forward to ports those pods declare.</summary>
public sealed class ServiceTests
{
    public static TheoryData<string> ServiceNames() => [.. RenderedDeploy.OfKind("Service").Select(s => s.Name!)];

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Service_SelectsExactlyOneWorkload_AndTargetsDeclaredPorts(string name)
    {
        var service = RenderedDeploy.Single("Service", name);
        var selector = Tree.StringMap(service.Map("spec", "selector"));
        var selected = RenderedDeploy.Workloads
            .Where(w => w.Namespace == service.Namespace && Tree.Selects(selector, w.TemplateLabels)).ToList();
        var workload = Assert.Single(selected);
        var containerPorts = workload.Containers.SelectMany(c => Tree.Maps(c.GetValueOrDefault("ports"))).ToList();
        var ports = Tree.Maps(service.Root.GetValueOrDefault("spec") is Dictionary<string, object?> spec ? spec.GetValueOrDefault("ports") : null).ToList();
        Assert.NotEmpty(ports);
        foreach (var port in ports)
        {
            var target = port.GetValueOrDefault("targetPort") as string ?? port.GetValueOrDefault("port") as string;
            Assert.True(containerPorts.Any(p => Equals(p.GetValueOrDefault("name"), target) || Equals(p.GetValueOrDefault("containerPort"), target)),
                $"Service {name} port {port.GetValueOrDefault("port")} targets '{target}', which {workload.Id} does not declare");
        }
    }

    [Fact]
    public void SensorPods_HaveNoService_TheRecommenderScrapesThemByPodIp()
    {
        Assert.DoesNotContain(RenderedDeploy.OfKind("Service"),
            s => Tree.Selects(Tree.StringMap(s.Map("spec", "selector")), RenderedDeploy.Sensor.TemplateLabels));
    }
}
