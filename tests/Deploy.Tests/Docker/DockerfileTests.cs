using System.Text.RegularExpressions;
using System.Xml.Linq;
using KernelTruth.Deploy.Tests.Rendering;

namespace KernelTruth.Deploy.Tests.Docker;

/// <summary>
/// The rules deploy/docker/*.Dockerfile keep. No container engine runs here, so these check what
/// a build would do: pinned bases, multi-stage, restore cached on project files, no remote ADD,
/// the right user, and that every path the build names exists in the repository (a Dockerfile
/// that COPYs a file the repository does not have only fails at someone else's build).
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles() => ["sensor.Dockerfile", "recommender.Dockerfile"];

    private static Dockerfile Load(string name) => Dockerfile.Load(RepositoryRoot.Combine("deploy", "docker", name));

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_IsMultiStage_OnExactlyVersionedBaseImages(string name)
    {
        var file = Load(name);
        Assert.True(file.Stages.Count >= 2, $"{name}: one stage; the SDK and compilers would ship in the image");
        var aliases = file.Stages.Select(s => s.Alias).OfType<string>().ToHashSet();
        foreach (var stage in file.Stages.Where(s => !aliases.Contains(s.Image)))
        {
            // "10.0" floats to every patch release; "10.0.100-noble" does not.
            Assert.True(ExactTag().IsMatch(stage.Image) || stage.Image.Contains("@sha256:", StringComparison.Ordinal),
                $"{name}: FROM {stage.Image} is not pinned to an exact version");
        }

        Assert.DoesNotContain("/sdk:", file.Final.Image, StringComparison.Ordinal);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:", file.Final.Image, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_AddsNothingFromUrls_AndCleansAptLists(string name)
    {
        var file = Load(name);
        var all = file.Stages.SelectMany(s => s.Instructions).ToList();
        Assert.DoesNotContain(all, i => i.Keyword == "ADD" && UrlPattern().IsMatch(i.Arguments));
        foreach (var run in all.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal)))
        {
            Assert.Contains("--no-install-recommends", run.Arguments, StringComparison.Ordinal);
            Assert.Contains("rm -rf /var/lib/apt/lists", run.Arguments, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_RestoresFromProjectFilesBeforeCopyingSources(string name)
    {
        var build = BuildStage(Load(name));
        var instructions = build.Instructions.ToList();
        var restore = instructions.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var sources = instructions.FindIndex(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal));
        Assert.True(restore >= 0, $"{name}: no RUN dotnet restore in the build stage");
        Assert.True(sources > restore, $"{name}: sources are copied before dotnet restore, so every source edit re-downloads packages");
        // What the restore sees comes from the stage that keeps only project files.
        var projectsStage = Load(name).Stages.Single(s => s.Alias == "projects");
        Assert.Contains(projectsStage.Of("RUN"), r => r.Arguments.Contains("'*.csproj'", StringComparison.Ordinal) && r.Arguments.Contains("-delete", StringComparison.Ordinal));
        Assert.All(instructions.Take(restore).Where(i => i.Keyword == "COPY"),
            c => Assert.StartsWith("--from=projects", c.Arguments, StringComparison.Ordinal));
        Assert.Contains(instructions.Skip(restore), i => i.Keyword == "RUN" && i.Arguments.Contains("--no-restore", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_BpfToolchain_ExactlyWhereThePublishedProjectBuildsTheSensor(string name)
    {
        // node-sensor/NodeSensor compiles bpf/*.bpf.c; an image whose project never references it (the
        // recommender: it consumes the snapshot contracts only) must not carry clang and libbpf either.
        var publish = BuildStage(Load(name)).Of("RUN").Select(r => PublishPattern().Match(r.Arguments)).Single(m => m.Success);
        bool buildsSensor = ProjectClosure(RepositoryRoot.Combine(publish.Groups["project"].Value.Split('/')))
            .Any(p => Path.GetFileName(p) == "NodeSensor.csproj");
        var install = string.Join(" ", BuildStage(Load(name)).Of("RUN").Select(r => r.Arguments));
        foreach (var package in new[] { "clang", "llvm", "make", "libbpf-dev" })
        {
            Assert.True(Regex.IsMatch(install, $@"\b{Regex.Escape(package)}\b") == buildsSensor,
                $"{name}: {(buildsSensor ? "builds the BPF sensor but does not install" : "never builds the BPF sensor but installs")} {package}");
        }
    }

    /// <summary>The project and every project it references, transitively (full paths).</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_PublishesAProjectThatExists_AndStartsItsAssembly(string name)
    {
        var publish = BuildStage(Load(name)).Of("RUN").Select(r => PublishPattern().Match(r.Arguments)).Single(m => m.Success);
        var project = RepositoryRoot.Combine(publish.Groups["project"].Value.Split('/'));
        Assert.True(File.Exists(project), $"{name} publishes {publish.Groups["project"].Value}, which is not in the repository");
        var assembly = XDocument.Load(project).Descendants("AssemblyName").Single().Value;
        var entrypoint = Assert.Single(Load(name).Final.Of("ENTRYPOINT"));
        // Exec form: the process is PID 1 and gets SIGTERM directly, no shell in between.
        Assert.Equal($"[\"/app/{assembly}\"]", entrypoint.Arguments);
    }

    [Fact]
    public void RecommenderImage_RunsAsTheNumericNonRootUser()
    {
        var user = Load("recommender.Dockerfile").Final.Of("USER").Last().Arguments;
        Assert.Matches("^[0-9]+$", user); // runAsNonRoot can only verify a numeric user
        Assert.NotEqual("0", user);
        var deploymentUser = RenderedDeploy.Recommender.Scalar("spec", "template", "spec", "securityContext", "runAsUser");
        Assert.Equal(user, deploymentUser);
    }

    [Fact]
    public void SensorImage_RunsAsRootWithLibbpf()
    {
        // Root is required: Kubernetes adds capabilities only to uid 0 (DaemonSet comment says why).
        var final = Load("sensor.Dockerfile").Final;
        Assert.Equal("0", final.Of("USER").Last().Arguments);
        Assert.Contains(final.Of("RUN"), r => Regex.IsMatch(r.Arguments, @"apt-get install .*\blibbpf1\b"));
    }

    [Fact]
    public void DockerIgnore_KeepsHostBuildOutputOutOfTheContext()
    {
        var path = RepositoryRoot.Combine(".dockerignore");
        Assert.True(File.Exists(path), ".dockerignore is missing at the repository root (the build context)");
        var patterns = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet();
        foreach (var required in new[] { ".git", "**/bin/", "**/obj/", "bpf/build/", "artifacts/" })
        {
            Assert.Contains(required, patterns);
        }
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_CopiesFromTheContextOnlyPathsThatExist(string name)
    {
        foreach (var copy in Load(name).Stages.SelectMany(s => s.Of("COPY")).Where(c => !c.Arguments.StartsWith("--from", StringComparison.Ordinal)))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
            foreach (var source in parts[..^1])
            {
                var path = RepositoryRoot.Combine(source.Split('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{name}:{copy.Line} copies {source}, which is not in the repository");
            }
        }
    }

    private static DockerStage BuildStage(Dockerfile file) =>
        file.Stages.Single(s => s.Of("RUN").Any(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)));

    [GeneratedRegex(@":\d+\.\d+\.\d+[^:/]*$")]
    private static partial Regex ExactTag();

    [GeneratedRegex(@"(^|\s)(https?|ftp)://")]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex PublishPattern();
}
