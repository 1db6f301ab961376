using KernelTruth.MetricsAdapter.Selectors;
using KernelTruth.MetricsAdapter.Store;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// A metric request as the response cache keeps it: the parsed path and the raw selector texts,
/// nothing of the HTTP request, so the cache can render it again for the next publication.
/// </summary>
/// <param name="LabelSelector">The labelSelector parameter (repeats joined with ','); null when absent.</param>
/// <param name="MetricLabelSelector">The metricLabelSelector parameter, likewise.</param>
internal sealed record MetricQuery(ApiRequest Request, string? LabelSelector, string? MetricLabelSelector)
{
    public ApiResponse Render(MetricsView view)
    {
        LabelSelector selector, metricSelector;
        try
        {
            selector = LabelSelectorParser.Parse(LabelSelector);
        }
        catch (SelectorException ex)
        {
            return ApiResponse.BadRequest($"labelSelector: {ex.Message}");
        }

        try
        {
            metricSelector = LabelSelectorParser.Parse(MetricLabelSelector);
        }
        catch (SelectorException ex)
        {
            return ApiResponse.BadRequest($"metricLabelSelector: {ex.Message}");
        }

        return MetricResponder.Respond(view, Request, selector, metricSelector);
    }
}
