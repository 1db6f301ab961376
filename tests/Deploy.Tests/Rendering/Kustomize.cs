namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>Runs the real <c>kubectl kustomize</c>: what a user's <c>kubectl apply -k</c> would send.</summary>
internal static class Kustomize
{
    /// <exception cref="InvalidOperationException">kubectl is missing or kustomize fails; the message says which and why.</exception>
    public static IReadOnlyList<KubeObject> Render(string directory)
    {
        var (exit, stdout, stderr) = ProcessRunner.Run("kubectl", ["kustomize", directory],
            "render deploy/ (install kubectl 1.27 or later: it embeds kustomize v5)");
        if (exit != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed (exit {exit}): {stderr.Trim()}");
        }

        return YamlTree.ParseDocuments(stdout, $"kubectl kustomize {directory}").Select(d => new KubeObject(d)).ToList();
    }
}
