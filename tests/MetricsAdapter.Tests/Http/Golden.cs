using System.Runtime.CompilerServices;

namespace KernelTruth.MetricsAdapter.Tests.Http;

/// <summary>
/// Expected response bodies in <c>Golden/*.json</c>, compared byte for byte. With
/// UPDATE_GOLDEN=1 the actual body is written to the source tree instead (review the diff).
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string caller = "")
    {
        string file = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".json");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            string source = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(caller)!)!, "Golden", name + ".json");
            File.WriteAllText(source, actual + "\n");
            return;
        }

        Assert.True(File.Exists(file), $"golden file {name}.json is missing; run with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(file).TrimEnd('\n'), actual);
    }
}
