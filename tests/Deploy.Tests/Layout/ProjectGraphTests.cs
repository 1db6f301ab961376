using System.Xml.Linq;
using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Layout;

/// <summary>
/// The layers stay layers: a product assembly opens its internals only to its tests and benchmarks, never to another
/// product assembly (what one needs from another is a public read-only view), and only the sensor's hosts and the
/// CLI's single-host path reference the BPF library.
/// </summary>
public sealed class ProjectGraphTests
{
    private static IEnumerable<string> ProductProjects() =>
        Directory.EnumerateFiles(RepositoryRoot.Path, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Relative(p).StartsWith("tests/", StringComparison.Ordinal));

    [Fact]
    public void InternalsVisibleTo_ProductAssemblies_OnlyTheirTestsAndBenchmarks()
    {
        var grants = ProductProjects()
            .SelectMany(p => XDocument.Load(p).Descendants("InternalsVisibleTo").Select(e => (Project: Relative(p), To: (string?)e.Attribute("Include") ?? "")))
            .ToList();

        Assert.NotEmpty(grants); // the tests' own grants are there: the scan reads the files
        var toProducts = grants.Where(g => !g.To.EndsWith(".Tests", StringComparison.Ordinal) && !g.To.EndsWith(".Benchmarks", StringComparison.Ordinal)).Select(g => $"{g.Project} → {g.To}").ToList();
        Assert.True(toProducts.Count == 0, "product assemblies opened to other product assemblies: " + string.Join(", ", toProducts));
    }

    [Fact]
    public void ProjectReferences_BpfSensor_OnlyFromTheSensorHostsAndTheCli()
    {
        string[] allowed = ["node-sensor/SensorHost/SensorHost.csproj", "recommender/Cli/Cli.csproj"];
        var referencing = ProductProjects()
            .Where(p => XDocument.Load(p).Descendants("ProjectReference").Any(r => ((string?)r.Attribute("Include") ?? "").Replace('\\', '/').EndsWith("NodeSensor/NodeSensor.csproj", StringComparison.Ordinal)))
            .Select(Relative)
            .ToList();

        Assert.NotEmpty(referencing);
        Assert.True(referencing.All(allowed.Contains), "reference the BPF sensor library: " + string.Join(", ", referencing));
    }

    private static string Relative(string path) => System.IO.Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');
}
