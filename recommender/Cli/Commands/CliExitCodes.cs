namespace KernelTruth.Cli.Commands;

/// <summary>What ktruth's exit code means.</summary>
internal static class CliExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but could not do what was asked (no data, cgroup gone, state unreadable).</summary>
    public const int Failed = 1;

    /// <summary>The host cannot run it: no root, no BPF/BTF, no cpu controller. The message says what is missing.</summary>
    public const int CannotStart = 2;

    /// <summary>`ktruth report`: the input, the prices or the options cannot be used (the message names the field). Same number as <see cref="CannotStart"/>: "nothing was done, fix what is named".</summary>
    public const int InvalidInput = 2;

    /// <summary>Ctrl-C or SIGTERM (128 + SIGINT), after cleaning up.</summary>
    public const int Interrupted = 130;
}
