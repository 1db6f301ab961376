using System.Text.RegularExpressions;
using System.Xml.Linq;
using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Docker;

/// <summary>
/// deploy/images.sh: builds what the install runs. One version (Directory.Build.props) is the image tag and the
/// kustomization's newTag; the image names come from the kustomization alone; no builder is a clear failure.
/// </summary>
public sealed partial class ImagesScriptTests
{
    private static readonly string Script = RepositoryRoot.Combine("deploy", "images.sh");

    private static string Version => XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("Version").Single().Value;

    [Fact]
    public void Print_BuildsEachDockerfileUnderTheKustomizationsNameAndTheOneVersion()
    {
        var (exit, stdout, stderr) = ProcessRunner.Run("bash", [Script, "--print", "--push"], "print the image build commands");

        Assert.True(exit == 0, stderr);
        var kustomization = File.ReadAllText(RepositoryRoot.Combine("deploy", "base", "kustomization.yaml"));
        var names = NewNames().Matches(kustomization).ToDictionary(m => m.Groups["image"].Value, m => m.Groups["name"].Value);
        Assert.All(TagsInKustomization().Matches(kustomization), m => Assert.Equal(Version, m.Groups["tag"].Value));
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (image, dockerfile) in new[] { ("ktruth-sensor", "sensor.Dockerfile"), ("ktruth-recommender", "recommender.Dockerfile") })
        {
            string reference = $"{names[image]}:{Version}";
            Assert.Contains(lines, l => l.EndsWith($"build -f deploy/docker/{dockerfile} -t {reference} .", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.EndsWith($"push {reference}", StringComparison.Ordinal));
            Assert.True(File.Exists(RepositoryRoot.Combine("deploy", "docker", dockerfile)));
        }
    }

    [Fact]
    public void Build_NoBuilderOnTheMachine_FailsNamingWhatItTriedAndBuildsNothing()
    {
        var (exit, stdout, stderr) = ProcessRunner.Run("env", ["KTRUTH_BUILDERS=no-such-builder another-missing-one", "bash", Script], "run the image build script");

        Assert.Equal(1, exit);
        Assert.Contains("no OCI image builder on this machine (tried: no-such-builder another-missing-one)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("building", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_UnknownArgument_UsageErrorExit2()
    {
        var (exit, _, stderr) = ProcessRunner.Run("bash", [Script, "--registry", "x"], "run the image build script");

        Assert.Equal(2, exit);
        Assert.Contains("unknown argument '--registry'", stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"- name: (?<image>ktruth-[a-z]+)\s+newName: (?<name>\S+)")]
    private static partial Regex NewNames();

    [GeneratedRegex(@"newTag: ""?(?<tag>[^""\s]+)""?")]
    private static partial Regex TagsInKustomization();
}
