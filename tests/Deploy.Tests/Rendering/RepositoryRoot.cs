namespace KernelTruth.Deploy.Tests.Rendering;

/// <summary>The checkout the tests run from: the directory holding Recommender.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Recommender.sln above {AppContext.BaseDirectory}: run the tests from a checkout");
    }
}
