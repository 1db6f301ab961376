namespace KernelTruth.NodeSensor.Prometheus;

/// <summary>
/// Supplies families that <c>System.Diagnostics.Metrics</c> cannot express, such as the kernel's
/// cumulative log2 histograms. Called once per scrape, serially, on the scraping thread.
/// </summary>
internal interface IMetricFamilySource
{
    /// <summary>
    /// Returns this source's families. Names are exposed verbatim and must not clash with any other
    /// family in the exposition. An exception leaves this source out of one scrape only.
    /// </summary>
    IEnumerable<MetricFamily> Collect();
}
