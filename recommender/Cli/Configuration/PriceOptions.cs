using System.CommandLine;
using KernelTruth.Reports.Model;

namespace KernelTruth.Cli.Configuration;

/// <summary>
/// The price flags, one name each wherever a command prices CPU and memory (`report`, `get`): per core-hour and per
/// GiB-hour of memory, the names the price file uses too (cpuHour, gibHour).
/// </summary>
internal static class PriceOptions
{
    public const string CpuHour = "--cpu-hour";

    public const string GibHour = "--gib-hour";

    public static Option<double?> CpuHourOption() => new(CpuHour)
    {
        Description = $"price per vCPU-hour (default {PriceDefaults.CpuCoreHour}, OpenCost's list price)",
        HelpName = "dollars",
    };

    public static Option<double?> GibHourOption() => new(GibHour)
    {
        Description = $"price per GiB-hour of memory (default {PriceDefaults.MemoryGibHour}, OpenCost's list price)",
        HelpName = "dollars",
    };

    /// <summary>A price must be a finite number ≥ 0; adds one error naming the flag otherwise.</summary>
    public static void Check(double? price, string flag, List<string> errors)
    {
        if (price is double p && !(p >= 0 && double.IsFinite(p)))
        {
            errors.Add($"{flag} must be a price ≥ 0 (was {p})");
        }
    }
}
