using System.Globalization;

namespace KernelTruth.Simulations;

/// <summary>Kubernetes CPU quantities: "600m" = 0.6 cores, "1.5" = 1.5 cores, "2" = 2 cores.</summary>
public static class CpuQuantity
{
    public static bool TryParseCores(string? text, out double cores)
    {
        cores = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        double scale = 1;
        if (text.EndsWith('m'))
        {
            scale = 0.001;
            text = text[..^1];
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n))
        {
            return false;
        }

        cores = n * scale;
        return true;
    }

    /// <summary>"600m" for 0.6 cores (whole millicores).</summary>
    public static string Format(double cores) => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(cores * 1000)}m");
}
