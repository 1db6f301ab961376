using Grpc.Core;
using KernelTruth.MetricsAdapter.Keda.Protocol;
using KernelTruth.MetricsAdapter.Store;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Keda;

/// <summary>
/// KEDA's external scaler, answered from the values the metrics adapter publishes: a ScaledObject scales a
/// workload on <c>cpu_throttled_periods_ratio</c>, <c>cpu_demand_cores</c> … without kernel-truth owning the
/// custom or external metrics APIService. Values are those the external metrics API would return for the same
/// pods (<see cref="ScalerQuery"/> says which). Bad metadata is <see cref="StatusCode.InvalidArgument"/> with
/// every problem named; pods without a value are <see cref="StatusCode.NotFound"/> for GetMetrics (KEDA then
/// applies the ScaledObject's fallback) and inactive for IsActive.
/// </summary>
internal sealed partial class KedaExternalScaler(MetricsStore store, ILogger<KedaExternalScaler> logger) : ExternalScaler.ExternalScalerBase
{
    public override Task<IsActiveResponse> IsActive(ScaledObjectRef request, ServerCallContext context) =>
        Task.FromResult(new IsActiveResponse { Result = IsActiveNow(Query(request)) });

    /// <summary>The answer now, then again whenever a publication changes it, until KEDA hangs up.</summary>
    public override async Task StreamIsActive(ScaledObjectRef request, IServerStreamWriter<IsActiveResponse> responseStream, ServerCallContext context)
    {
        var query = Query(request);
        bool? sent = null;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            var next = store.NextPublication; // taken before reading, so a publication in between is not missed
            bool active = IsActiveNow(query);
            if (active != sent)
            {
                await responseStream.WriteAsync(new IsActiveResponse { Result = active }, context.CancellationToken).ConfigureAwait(false);
                sent = active;
            }

            try
            {
                await next.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override Task<GetMetricSpecResponse> GetMetricSpec(ScaledObjectRef request, ServerCallContext context)
    {
        var query = Query(request);
        var spec = new MetricSpec
        {
            MetricName = query.Metric,
            TargetSizeFloat = query.Target,
            TargetSize = (long)Math.Ceiling(query.Target),
        };
        return Task.FromResult(new GetMetricSpecResponse { MetricSpecs = { spec } });
    }

    public override Task<GetMetricsResponse> GetMetrics(GetMetricsRequest request, ServerCallContext context)
    {
        var query = Query(request.ScaledObjectRef ?? throw Invalid("scaledObjectRef is missing"));
        if (query.Sums(store.Current)?.Value(query.Metric) is not double value)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"{query.Describe()} have no value of '{query.Metric}' (not measured in the last window, or, for a utilization, without a CPU request)"));
        }

        var metric = new MetricValue { MetricName = query.Metric, MetricValueFloat = value, MetricValue_ = (long)Math.Round(value) };
        return Task.FromResult(new GetMetricsResponse { MetricValues = { metric } });
    }

    private bool IsActiveNow(ScalerQuery query) =>
        query.Sums(store.Current)?.Value(query.Metric) is double value && value > query.Activation;

    private ScalerQuery Query(ScaledObjectRef request)
    {
        try
        {
            return ScalerQuery.Parse(request.Namespace, request.ScalerMetadata);
        }
        catch (FormatException ex)
        {
            Log.BadTrigger(logger, request.Namespace, request.Name, ex.Message);
            throw Invalid($"ScaledObject {request.Namespace}/{request.Name}: {ex.Message}");
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static partial class Log
    {
        [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "KEDA trigger of ScaledObject {Namespace}/{Name} is not usable: {Problems}")]
        public static partial void BadTrigger(ILogger logger, string @namespace, string name, string problems);
    }
}
