using KernelTruth.NodeSensor.Hosting;

namespace KernelTruth.Cli.Commands;

/// <summary>
/// Runs a command's body and turns the ways it can stop into one line on stderr and an exit code:
/// a failure says why, a host that cannot run the sensor says what is missing, Ctrl-C is 130.
/// </summary>
internal static class CommandAction
{
    /// <summary>
    /// Runs <paramref name="body"/> when <paramref name="errors"/> is empty; otherwise reports every
    /// problem with the command line at once, each naming the option and its value.
    /// Range checks run here, after parsing, because only then are the defaults applied.
    /// </summary>
    public static Task<int> RunAsync(CliEnvironment env, IReadOnlyList<string> errors, Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        if (errors.Count == 0)
        {
            return RunAsync(env, body, ct);
        }

        foreach (string error in errors)
        {
            env.Error.WriteLine($"ktruth: {error}");
        }

        return Task.FromResult(CliExitCodes.Usage);
    }

    public static async Task<int> RunAsync(CliEnvironment env, Func<CancellationToken, Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body(ct).ConfigureAwait(false);
        }
        catch (CliFailure ex)
        {
            await env.Error.WriteLineAsync($"ktruth: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (SensorStartupException ex)
        {
            await env.Error.WriteLineAsync($"ktruth: {ex.Message}").ConfigureAwait(false);
            return CliExitCodes.CannotStart;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await env.Error.WriteLineAsync("ktruth: interrupted").ConfigureAwait(false);
            return CliExitCodes.Interrupted;
        }
    }
}
