using System.Net;

namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>An HTTP handler that answers as the test says and records the URLs asked for; answers carry their request, as a real handler's do.</summary>
internal sealed class ScriptedHttpHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    public static ScriptedHttpHandler Status(HttpStatusCode status, string body = "") =>
        new((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) }));

    /// <summary>Never answers: waits until the request is cancelled, as a hung sensor does.</summary>
    public static ScriptedHttpHandler Hung() => new(async (_, ct) =>
    {
        await Task.Delay(Timeout.Infinite, ct);
        throw new InvalidOperationException("unreachable");
    });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request.RequestUri!);
        }

        var response = await answer(request, cancellationToken).ConfigureAwait(false);
        response.RequestMessage ??= request;
        return response;
    }
}
