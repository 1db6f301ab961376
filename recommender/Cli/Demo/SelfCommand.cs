namespace KernelTruth.Cli.Demo;

/// <summary>How to start this same ktruth again as a child process (the demo's workload is `ktruth burst`).</summary>
internal static class SelfCommand
{
    /// <summary>
    /// The apphost next to the assembly when there is one (a published or built ktruth), else
    /// `dotnet ktruth.dll` (tests run the assembly from a test host).
    /// </summary>
    public static IReadOnlyList<string> Resolve()
    {
        string apphost = Path.Join(AppContext.BaseDirectory, "ktruth");
        if (File.Exists(apphost))
        {
            return [apphost];
        }

        string dll = Path.Join(AppContext.BaseDirectory, "ktruth.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"cannot find ktruth to run the workload: neither {apphost} nor {dll} exists", dll);
        }

        // The dotnet CLI sets DOTNET_HOST_PATH for the processes it starts (test hosts among them).
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH")
            ?? (Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet");
        return [host, dll];
    }
}
