using System.Diagnostics;

namespace KernelTruth.Cli.Tests.Fakes;

/// <summary>
/// Makes the directory "f", byte FF, "o" (escaped "f\xffo"), which .NET cannot name: the shell's printf writes the
/// byte, so the test does not rely on the byte paths it checks. Remove it with CgroupFileSystem.RemoveDirectory.
/// </summary>
internal static class NonUtf8Directory
{
    /// <summary>The escaped name of the directory <see cref="Create"/> makes.</summary>
    public const string EscapedName = "f\\xffo";

    public static void Create(string parent)
    {
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "mkdir \"$1/$(printf 'f\\377o')\"", "sh", parent } };
        using var mkdir = Process.Start(start)!;
        mkdir.WaitForExit();
        Assert.Equal(0, mkdir.ExitCode);
    }
}
