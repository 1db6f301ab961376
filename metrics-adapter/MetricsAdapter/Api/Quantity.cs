using System.Globalization;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// resource.Quantity strings in milli-units, as the HPA reads them (<c>MilliValue()</c>):
/// 1.5 → "1500m", 2 → "2", 0.0004 → "0". Rounded half away from zero to the millidecimal; finer
/// detail is lost, as it would be in the HPA. Not a number or infinite becomes "0", as
/// prometheus-adapter does, so one broken value cannot make a list unparsable.
/// </summary>
internal static class Quantity
{
    public static string FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            return "0";
        }

        long milli = checked((long)Math.Round(Math.Clamp(value, -9e12, 9e12) * 1000, MidpointRounding.AwayFromZero));
        return milli % 1000 == 0
            ? (milli / 1000).ToString(CultureInfo.InvariantCulture)
            : milli.ToString(CultureInfo.InvariantCulture) + "m";
    }
}
