using System.Globalization;

namespace KernelTruth.NodeSensor.Tests.Prometheus;

/// <summary>
/// Per histogram series (labels other than "le"): buckets in strictly increasing le order with
/// non-decreasing (cumulative) counts, a final le="+Inf" equal to _count, and one _sum and _count.
/// </summary>
internal static class HistogramChecker
{
    public static void Check(ParsedFamily family)
    {
        foreach (var group in family.Samples.GroupBy(s => s.SeriesKey()))
        {
            var where = $"histogram {family.Name}{{{group.Key}}}";
            var buckets = group.Where(s => s.Name == family.Name + "_bucket").ToList();
            var sums = group.Where(s => s.Name == family.Name + "_sum").ToList();
            var counts = group.Where(s => s.Name == family.Name + "_count").ToList();
            if (sums.Count != 1 || counts.Count != 1)
            {
                throw new PrometheusParseException($"{where}: needs exactly one _sum and one _count");
            }

            var previousLe = double.NegativeInfinity;
            var previousCount = 0.0;
            foreach (var bucket in buckets)
            {
                var le = SampleLineReader.ParseValue(bucket.Labels["le"], bucket.Line);
                if (!(le > previousLe))
                {
                    throw SampleLineReader.Fail(bucket.Line, $"{where}: le={bucket.Labels["le"]} does not increase");
                }

                if (bucket.Value < previousCount)
                {
                    throw SampleLineReader.Fail(bucket.Line, $"{where}: bucket counts are not cumulative");
                }

                (previousLe, previousCount) = (le, bucket.Value);
            }

            if (buckets.Count == 0 || !double.IsPositiveInfinity(previousLe))
            {
                throw new PrometheusParseException($"{where}: no le=\"+Inf\" bucket");
            }

            if (previousCount != counts[0].Value)
            {
                throw new PrometheusParseException(string.Create(CultureInfo.InvariantCulture,
                    $"{where}: le=\"+Inf\" is {previousCount} but _count is {counts[0].Value}"));
            }
        }
    }
}
