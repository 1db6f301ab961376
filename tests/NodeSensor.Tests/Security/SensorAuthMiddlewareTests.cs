using System.Net;

namespace KernelTruth.NodeSensor.Tests.Security;

/// <summary>
/// Issue 15: the sensor's API needs a reviewed token and the right to get the path; health stays open. Reviews go to
/// the API server once per token and path while cached, not once per request.
/// </summary>
public sealed class SensorAuthMiddlewareTests
{
    [Fact]
    public async Task Get_NoToken_401AskingForABearerToken_NothingReviewed()
    {
        await using var app = await AuthenticatedApp.StartAsync();

        var (status, body, response) = await app.GetAsync("/v1/snapshot", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Unauthorized: send a service-account token as 'Authorization: Bearer TOKEN'\n", body);
        Assert.Equal(0, app.Reviews("tokenreviews"));
    }

    [Fact]
    public async Task Get_RejectedToken_401()
    {
        await using var app = await AuthenticatedApp.StartAsync();

        var (status, body, _) = await app.GetAsync("/v1/snapshot", "stolen");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Unauthorized: the bearer token was rejected by TokenReview\n", body);
    }

    [Fact]
    public async Task Get_RecommendersProjectedToken_SnapshotServed_ReviewedForTheSensorAudienceAndThePath()
    {
        await using var app = await AuthenticatedApp.StartAsync();

        var (status, body, _) = await app.GetAsync("/v1/snapshot", AuthenticatedApp.RecommenderToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("snapshot", body);
        Assert.Equal(["ktruth-sensor"], Assert.Single(app.TokenReviews).Audiences!);
        var review = Assert.Single(app.AccessReviews);
        Assert.Equal((AuthenticatedApp.Recommender, "/v1/snapshot", "get"), (review.User, review.NonResourceAttributes!.Path, review.NonResourceAttributes.Verb));
        Assert.Null(review.ResourceAttributes);
        Assert.Contains("system:serviceaccounts", review.Groups!);
    }

    [Fact]
    public async Task Get_PrometheusToken_MetricsServed_SnapshotForbidden()
    {
        await using var app = await AuthenticatedApp.StartAsync();

        var metrics = await app.GetAsync("/metrics", AuthenticatedApp.PrometheusToken);
        var snapshot = await app.GetAsync("/v1/snapshot", AuthenticatedApp.PrometheusToken);

        Assert.Equal(HttpStatusCode.OK, metrics.Status);
        Assert.Equal(HttpStatusCode.Forbidden, snapshot.Status);
        Assert.Equal($"Forbidden: user '{AuthenticatedApp.Prometheus}' cannot get path '/v1/snapshot': no RBAC policy matched\n", snapshot.Body);

        // Its token is not for the sensor's audience: asked for that first, then for the API server's (no audiences).
        Assert.Equal([["ktruth-sensor"], []], app.TokenReviews.Select(r => (IEnumerable<string>)(r.Audiences ?? [])).Take(2).Select(a => a.ToArray()));
    }

    [Fact]
    public async Task Get_Healthz_OpenWithoutToken()
    {
        await using var app = await AuthenticatedApp.StartAsync();

        var (status, body, _) = await app.GetAsync("/healthz", token: null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task Get_TenReadsOfOneToken_OneTokenReviewAndOneAccessReview()
    {
        await using var app = await AuthenticatedApp.StartAsync();

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/v1/snapshot", AuthenticatedApp.RecommenderToken)).Status);
        }

        Assert.Equal(1, app.Reviews("tokenreviews"));
        Assert.Equal(1, app.Reviews("subjectaccessreviews"));
    }

    [Fact]
    public async Task Get_ApiServerFailing_503ForANewToken_CachedTokenStillServed()
    {
        await using var app = await AuthenticatedApp.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync("/v1/snapshot", AuthenticatedApp.RecommenderToken)).Status);

        app.Server.FailAllFor(TimeSpan.FromMinutes(1), 500);
        var fresh = await app.GetAsync("/metrics", AuthenticatedApp.PrometheusToken);
        var cached = await app.GetAsync("/v1/snapshot", AuthenticatedApp.RecommenderToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, fresh.Status);
        Assert.StartsWith("the bearer token could not be reviewed: TokenReview failed: ", fresh.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cached.Status);
    }
}
