using System.Text.Json;
using KernelTruth.Contracts.Snapshot;
using KernelTruth.Recommender.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Refit;

namespace KernelTruth.Recommender.Input;

/// <summary>How a host gets <see cref="ISensorApi"/>: Refit over IHttpClientFactory, with Microsoft.Extensions.Http.Resilience's timeout and retries.</summary>
public static class SensorApiRegistration
{
    /// <summary>
    /// Registers <see cref="ISensorApi"/>. Each read is bounded by <paramref name="timeout"/>, retries included; a
    /// failure on the way (no connection, 5xx, 429) is retried <see cref="RecommenderDefaults.SensorRetries"/> times.
    /// The body is parsed with the sensor's own source-generated contract, stricter than the sensor writes it: a null
    /// where the contract has none, or a missing constructor field, is a parse error rather than a NullReferenceException later.
    /// </summary>
    /// <param name="bearerToken">
    /// The token each read sends (sensors run with --auth kubernetes refuse reads without one), asked for on every
    /// attempt so that a rotated token is sent as soon as it is read; null or an empty answer sends none.
    /// </param>
    /// <param name="maxBodyBytes">The largest answer read (<see cref="RecommenderDefaults.MaxSnapshotBytes"/> unless given).</param>
    public static IHttpClientBuilder AddSensorApi(this IServiceCollection services, TimeSpan timeout, Func<string?>? bearerToken = null, long maxBodyBytes = RecommenderDefaults.MaxSnapshotBytes)
    {
        var json = new JsonSerializerOptions(SnapshotJsonContext.Default.Options)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        var builder = services.AddRefitGeneratedClient<ISensorApi>(new RefitSettings(new SystemTextJsonContentSerializer(json)))
            .ConfigureHttpClient(http =>
            {
                http.BaseAddress = SensorAddressHandler.Placeholder;
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline's timeout decides
            })

            // Readers live as long as the process and hold their client: connections are recycled by the handler's
            // PooledConnectionLifetime instead of the factory's handler rotation, so a sensor that moves to a new
            // address is found again (the documented pattern for long-lived typed clients).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(() => new SensorAddressHandler());
        builder.AddResilienceHandler("sensor", pipeline => pipeline
            .AddTimeout(timeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = RecommenderDefaults.SensorRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = RecommenderDefaults.SensorFirstRetryDelay,
            }));

        // Inside the retries, which do not retry it: a sensor that sent too much will again.
        builder.AddHttpMessageHandler(() => new SensorBodyLimitHandler(maxBodyBytes));

        // Inside the retries: every attempt asks for the token anew.
        if (bearerToken is not null)
        {
            builder.AddHttpMessageHandler(() => new SensorTokenHandler(bearerToken));
        }

        return builder;
    }
}
