using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using KernelTruth.MetricsAdapter.Hosting;
using KernelTruth.MetricsAdapter.Keda;
using KernelTruth.MetricsAdapter.Keda.Protocol;
using KernelTruth.MetricsAdapter.Store;
using KernelTruth.MetricsAdapter.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelTruth.MetricsAdapter.Tests.Keda;

/// <summary>
/// KEDA's side of the wire: the client generated from externalscaler.proto dials the scaler over plaintext
/// HTTP/2, as KEDA's external trigger does, and asks about the pods of <see cref="SeedData"/>: Deployment web
/// = web-a (30 of 100 periods throttled, demand 0.45) + web-b (10 of 100, demand 0.25); StatefulSet db =
/// db-0 (unlimited, demand 1.5, no CPU request).
/// </summary>
public sealed class KedaExternalScalerTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private ExternalScaler.ExternalScalerClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => KedaScalerHosting.Listen(k, new IPEndPoint(IPAddress.Loopback, 0)));
        builder.Services.AddSingleton<IPodAttributor>(new MapAttributor([]));
        builder.Services.AddKernelTruthMetricsAdapter(new MetricsAdapterOptions { RequireAuthentication = false });
        builder.Services.AddKernelTruthKedaScaler();
        _app = builder.Build();
        _app.UseKernelTruthKedaScaler(_ => true); // the only endpoint
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{address.Port}");
        _client = new ExternalScaler.ExternalScalerClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private MetricsStore Store => _app.Services.GetRequiredService<MetricsStore>();

    [Fact]
    public async Task GetMetricSpec_Trigger_MetricAndTargetForTheHpa()
    {
        var spec = await _client.GetMetricSpecAsync(Ref(("metricName", "cpu_throttled_periods_ratio"), ("targetValue", "0.05"), ("workload", "deployments.apps/web")));

        var only = Assert.Single(spec.MetricSpecs);
        Assert.Equal("cpu_throttled_periods_ratio", only.MetricName);
        Assert.Equal(0.05, only.TargetSizeFloat, 12);
        Assert.Equal(1, only.TargetSize); // rounded up for KEDA releases that read only the integer
    }

    [Theory]
    [InlineData("cpu_throttled_periods_ratio", "workload", "deployments.apps/web", 0.2)] // (30 + 10) / (100 + 100)
    [InlineData("cpu_throttled_periods_ratio", "labelSelector", "app=web", 0.2)]
    [InlineData("cpu_demand_cores", "workload", "deployments.apps/web", 0.7)] // 0.45 + 0.25
    [InlineData("cpu_demand_utilization", "labelSelector", "app=web", 0.7)] // 0.7 / (0.5 + 0.5)
    [InlineData("cpu_demand_cores", "workload", "statefulsets.apps/db", 1.5)]
    [InlineData("cpu_throttled_periods_ratio", "labelSelector", "app in (web,db)", 0.2)] // db-0 adds no periods
    [InlineData("cpu_demand_forecast_cores", "labelSelector", "app=db", 2.0)] // the forecast
    [InlineData("cpu_demand_forecast_cores", "workload", "deployments.apps/web", 0.7)] // no forecast: the demand, 0.45 + 0.25
    [InlineData("cpu_demand_forecast_cores", "labelSelector", "app in (web,db)", 2.7)] // 2 + 0.7
    public async Task GetMetrics_PublishedValues_TheWorkloadsMergedValue(string metric, string key, string which, double expected)
    {
        SeedData.Publish(Store);

        var values = await _client.GetMetricsAsync(new GetMetricsRequest
        {
            ScaledObjectRef = Ref(("metricName", metric), ("targetValue", "1"), (key, which)),
            MetricName = metric,
        });

        var only = Assert.Single(values.MetricValues);
        Assert.Equal(metric, only.MetricName);
        Assert.Equal(expected, only.MetricValueFloat, 9);
    }

    [Fact]
    public async Task GetMetrics_UtilizationWithoutARequest_NotFoundSayingWhy()
    {
        SeedData.Publish(Store);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.GetMetricsAsync(new GetMetricsRequest
        {
            ScaledObjectRef = Ref(("metricName", "cpu_demand_utilization"), ("targetValue", "0.8"), ("workload", "statefulsets.apps/db")),
            MetricName = "cpu_demand_utilization",
        }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("statefulsets.apps/db in namespace 'shop'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("without a CPU request", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.1", true)] // 0.2 > 0.1
    [InlineData("0.25", false)]
    public async Task IsActive_ValueAgainstActivation_ActiveAbove(string activation, bool expected)
    {
        SeedData.Publish(Store);

        var answer = await _client.IsActiveAsync(Ref(("metricName", "cpu_throttled_periods_ratio"), ("targetValue", "0.05"), ("activationValue", activation), ("workload", "deployments.apps/web")));

        Assert.Equal(expected, answer.Result);
    }

    [Fact]
    public async Task IsActive_NothingMeasured_Inactive()
    {
        var answer = await _client.IsActiveAsync(Ref(("metricName", "cpu_demand_cores"), ("targetValue", "1"), ("workload", "deployments.apps/web")));

        Assert.False(answer.Result);
    }

    [Fact]
    public async Task StreamIsActive_PublicationChangesTheAnswer_PushedOncePerChange()
    {
        using var call = _client.StreamIsActive(Ref(("metricName", "cpu_demand_cores"), ("targetValue", "1"), ("workload", "deployments.apps/web")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        Assert.False(call.ResponseStream.Current.Result); // nothing published yet
        SeedData.Publish(Store);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        Assert.True(call.ResponseStream.Current.Result);

        SeedData.Publish(Store); // same values: no message
        Store.Publish([]); // web gone: inactive again
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        Assert.False(call.ResponseStream.Current.Result);
    }

    [Fact]
    public async Task GetMetricSpec_BadMetadata_InvalidArgumentNamingEveryProblem()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _client.GetMetricSpecAsync(
            Ref(("metricName", "cpu_usage"), ("targetValue", "-1"), ("workload", "pods/web"), ("labelSelector", "app=web"), ("scalerAddress", "ktruth:9444"), ("tragetValue", "1"))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("ScaledObject shop/web-scaler", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("unknown metadata key 'tragetValue'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("metricName 'cpu_usage' is not served", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("targetValue must be a number ≥ 0 (was '-1')", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("exactly one of workload", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("scalerAddress", error.Status.Detail, StringComparison.Ordinal); // KEDA's own key
    }

    private static ScaledObjectRef Ref(params (string Key, string Value)[] metadata)
    {
        var request = new ScaledObjectRef { Name = "web-scaler", Namespace = "shop" };
        foreach (var (key, value) in metadata)
        {
            request.ScalerMetadata[key] = value;
        }

        return request;
    }
}
