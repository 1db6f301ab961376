using FsCheck;
using FsCheck.Fluent;

namespace KernelTruth.Models.Tests.Fakes;

/// <summary>
/// FsCheck configuration: 100 cases per property by default; set KTRUTH_PROPERTY_CASES for a deeper run
/// (e.g. 5000) when changing a model.
/// </summary>
internal static class Properties
{
    public static Config Config(int cases = 100)
    {
        string? deeper = Environment.GetEnvironmentVariable("KTRUTH_PROPERTY_CASES");
        int n = int.TryParse(deeper, out int parsed) && parsed > 0 ? parsed : cases;
        return FsCheck.Config.QuickThrowOnFailure.WithMaxTest(n);
    }
}
