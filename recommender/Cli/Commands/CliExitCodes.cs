namespace KernelTruth.Cli.Commands;

/// <summary>What ktruth's exit code means; the README and docs/cli.md list the same.</summary>
internal static class CliExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but could not do what was asked (no data, cgroup gone, state unreadable).</summary>
    public const int Failed = 1;

    /// <summary>
    /// Nothing was done; fix what the message names: an unknown or malformed option, a value out of range, an input
    /// file that cannot be used, or a host that cannot run the sensor (no root, no BPF/BTF, no cpu controller).
    /// </summary>
    public const int Usage = 2;

    /// <summary>The host cannot run the sensor: a kind of <see cref="Usage"/> (nothing was done, the message says what is missing).</summary>
    public const int CannotStart = Usage;

    /// <summary>An input file, the prices or the options cannot be used (the message names the field): <see cref="Usage"/>.</summary>
    public const int InvalidInput = Usage;

    /// <summary>Ctrl-C or SIGTERM (128 + SIGINT), after cleaning up.</summary>
    public const int Interrupted = 130;
}
